#pragma once

#include "pipeline/pipeline_status.h"

#include <filesystem>
#include <optional>
#include <string>

namespace syncline {

// The pipeline's local state directory (state_dir). A running runner holds an exclusive lock
// on runner.pid there, so a second runner of the same pipeline is refused instead of fighting
// over the slot, and keeps status.json current so `syncline status` can show what it does.
class StateDirectory
{
public:
    explicit StateDirectory(std::filesystem::path path);
    ~StateDirectory();
    StateDirectory(const StateDirectory &) = delete;
    StateDirectory &operator=(const StateDirectory &) = delete;

    // Creates the directory and takes the lock. On failure returns why (e.g. "already running
    // as pid 1234").
    std::optional<std::string> lock();

    void writeStatus(const PipelineStatus &status) const;

    // What another process's runner reported, while it is alive.
    struct RunnerInfo
    {
        long pid = 0;
        std::string statusJson; // the last status.json it wrote
    };
    std::optional<RunnerInfo> runningRunner() const;

private:
    std::filesystem::path m_path;
    int m_lockFd = -1;
};

std::string statusToJson(const PipelineStatus &status);
// A JSON array of verify results, as status.json's "verification" carries them.
std::string tableVerificationsToJson(const std::vector<TableVerification> &tables);

} // namespace syncline
