#include "util/failpoint.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unistd.h>

namespace syncline::failpoint {
namespace {

struct Armed
{
    std::string action;
    long hitToFire = 1;
    long hits = 0;
};

class Registry
{
public:
    Registry()
    {
        const char *spec = std::getenv("SYNCLINE_FAILPOINTS");
        std::string_view rest = spec ? spec : "";
        while (!rest.empty()) {
            const auto end = rest.find(';');
            parse(rest.substr(0, end));
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        }
    }

    bool empty() const { return m_points.empty(); }

    // The action to carry out now, or "" when the point is not armed for this pass.
    std::string pass(const char *name)
    {
        std::lock_guard lock(m_mutex);
        const auto point = m_points.find(name);
        if (point == m_points.end() || ++point->second.hits != point->second.hitToFire)
            return {};
        return point->second.action;
    }

private:
    void parse(std::string_view entry)
    {
        const auto equals = entry.find('=');
        if (entry.empty() || equals == std::string_view::npos)
            return;
        Armed armed;
        std::string_view action = entry.substr(equals + 1);
        if (const auto at = action.find('@'); at != std::string_view::npos) {
            armed.hitToFire = std::atol(std::string(action.substr(at + 1)).c_str());
            action = action.substr(0, at);
        }
        armed.action = action;
        m_points[std::string(entry.substr(0, equals))] = std::move(armed);
    }

    std::mutex m_mutex;
    std::map<std::string, Armed, std::less<>> m_points;
};

Registry &registry()
{
    static Registry instance;
    return instance;
}

void announce(const char *name, const std::string &action)
{
    const std::string line = "failpoint " + std::string(name) + ": " + action + '\n';
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, line.data(), line.size());
}

} // namespace

void hit(const char *name)
{
    Registry &points = registry();
    if (points.empty())
        return;
    const std::string action = points.pass(name);
    if (action.empty())
        return;
    announce(name, action);
    if (action.starts_with("sleep:")) {
        std::this_thread::sleep_for(std::chrono::milliseconds(std::atol(action.c_str() + 6)));
        return;
    }
    if (action == "abort")
        std::abort();
    if (action == "exit")
        ::_exit(70);
    ::raise(SIGKILL);
}

} // namespace syncline::failpoint
