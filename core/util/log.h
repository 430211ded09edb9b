#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace syncline {

enum class LogLevel
{
    Debug,
    Info,
    Warning,
    Error
};

struct LogRecord
{
    LogLevel level = LogLevel::Info;
    std::string category; // subsystem: "source", "sink.replica", "pipeline", ...
    std::string message;
    long long timeMillis = 0; // since the Unix epoch
    std::string pipeline;     // the writing thread's PipelineScope; empty outside any
};

// The engine's one log. By default records go to stderr; the console installs its own handler.
// Messages must never contain secrets: log DSNs only through redactConnInfo().
namespace log {

using Handler = std::function<void(const LogRecord &)>;
void setHandler(Handler handler); // nullptr restores the stderr handler
void setMinimumLevel(LogLevel level);
void write(LogLevel level, std::string_view category, std::string message);

inline void debug(std::string_view c, std::string m)
{
    write(LogLevel::Debug, c, std::move(m));
}
inline void info(std::string_view c, std::string m)
{
    write(LogLevel::Info, c, std::move(m));
}
inline void warning(std::string_view c, std::string m)
{
    write(LogLevel::Warning, c, std::move(m));
}
inline void error(std::string_view c, std::string m)
{
    write(LogLevel::Error, c, std::move(m));
}

// Tags what this thread logs with a pipeline's name while it lives, then restores the tag it
// found. Pipeline::run opens one; every thread a pipeline starts opens one first thing, with the
// name captured where the thread is created:
//     std::thread([this, pipeline = log::currentPipeline()] {
//         log::PipelineScope scope(pipeline);
//         run();
//     });
class PipelineScope
{
public:
    explicit PipelineScope(std::string name);
    ~PipelineScope();
    PipelineScope(const PipelineScope &) = delete;
    PipelineScope &operator=(const PipelineScope &) = delete;

private:
    std::string m_previous;
};
const std::string &currentPipeline(); // this thread's tag; empty outside every scope

const char *levelName(LogLevel level);
// "<time> <LEVEL> [<pipeline>] [<category>] <message>", the pipeline only when tagged.
std::string formatRecord(const LogRecord &record);

} // namespace log
} // namespace syncline
