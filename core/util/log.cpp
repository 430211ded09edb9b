#include "util/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace syncline::log {
namespace {

std::mutex g_mutex;
Handler g_handler;
std::atomic<LogLevel> g_minimum{LogLevel::Info};
thread_local std::string t_pipeline;

void writeToStderr(const LogRecord &record)
{
    const std::string line = formatRecord(record) + '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace

void setHandler(Handler handler)
{
    std::lock_guard lock(g_mutex);
    g_handler = std::move(handler);
}

void setMinimumLevel(LogLevel level)
{
    g_minimum = level;
}

void write(LogLevel level, std::string_view category, std::string message)
{
    if (level < g_minimum.load())
        return;
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    LogRecord record{level, std::string(category), std::move(message),
                     std::chrono::duration_cast<std::chrono::milliseconds>(now).count(),
                     t_pipeline};
    std::lock_guard lock(g_mutex);
    if (g_handler)
        g_handler(record);
    else
        writeToStderr(record);
}

PipelineScope::PipelineScope(std::string name) : m_previous(std::move(t_pipeline))
{
    t_pipeline = std::move(name);
}

PipelineScope::~PipelineScope()
{
    t_pipeline = std::move(m_previous);
}

const std::string &currentPipeline()
{
    return t_pipeline;
}

const char *levelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug:
        return "DEBUG";
    case LogLevel::Info:
        return "INFO";
    case LogLevel::Warning:
        return "WARN";
    case LogLevel::Error:
        return "ERROR";
    }
    return "?";
}

std::string formatRecord(const LogRecord &record)
{
    const std::time_t seconds = record.timeMillis / 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    char prefix[64];
    std::snprintf(prefix, sizeof prefix, "%s.%03dZ %-5s ", stamp, int(record.timeMillis % 1000),
                  levelName(record.level));
    std::string line = prefix;
    if (!record.pipeline.empty())
        line += '[' + record.pipeline + "] ";
    return line + '[' + record.category + "] " + record.message;
}

} // namespace syncline::log
