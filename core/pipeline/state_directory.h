#pragma once

#include "pipeline/pipeline_status.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

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

    // Kafka transport: each sink's lag per partition as the runner measures it (see
    // PipelineMetrics::setConsumerLag; keys "sink topic[partition]"), kept in consumer_lag.tsv
    // for `syncline status`, which cannot reach an embedded cluster itself.
    void writeConsumerLag(const std::map<std::string, long long> &lag) const;
    struct PartitionLag
    {
        std::string sink;
        std::string topic;
        int partition = 0;
        long long messages = 0;
    };
    struct ConsumerLag
    {
        std::int64_t updatedAt = 0; // Unix seconds
        std::vector<PartitionLag> partitions;
    };
    std::optional<ConsumerLag> consumerLag() const; // nullopt: never written

private:
    std::filesystem::path m_path;
    int m_lockFd = -1;
};

std::string statusToJson(const PipelineStatus &status);
// A JSON array of verify results, as status.json's "verification" carries them.
std::string tableVerificationsToJson(const std::vector<TableVerification> &tables);

} // namespace syncline
