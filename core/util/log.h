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

const char *levelName(LogLevel level);
std::string formatRecord(const LogRecord &record);

} // namespace log
} // namespace syncline
