#include "commands.h"

#include "config/duration.h"
#include "pipeline/state_directory.h"
#include "pipeline/status_report.h"
#include "util/format.h"
#include "util/json.h"
#include "util/time_text.h"

#include <algorithm>
#include <ctime>
#include <iostream>

namespace syncline::cli {
namespace {

using Runner = std::optional<StateDirectory::RunnerInfo>;

std::string humanBytes(long long bytes)
{
    const char *units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes);
    int unit = 0;
    while (value >= 1024 && unit < 4) {
        value /= 1024;
        ++unit;
    }
    return unit == 0 ? std::to_string(bytes) + " bytes"
                     : formatDecimal(value, 1) + ' ' + units[unit];
}

// One field of the flat JSON object the runner writes (statusToJson), without its quotes.
std::string jsonField(const std::string &json, const std::string &key)
{
    const std::string needle = '"' + key + "\": ";
    auto start = json.find(needle);
    if (start == std::string::npos)
        return {};
    start += needle.size();
    if (json[start] == '"') {
        const auto end = json.find('"', start + 1);
        return json.substr(start + 1, end == std::string::npos ? 0 : end - start - 1);
    }
    return json.substr(start, json.find_first_of(",}", start) - start);
}

std::string describeRunner(const StateDirectory::RunnerInfo &runner)
{
    const std::string &json = runner.statusJson;
    std::string text = "pid " + std::to_string(runner.pid);
    if (json.empty())
        return text + ", starting";
    text += ", " + jsonField(json, "state");
    if (const auto detail = jsonField(json, "detail"); !detail.empty())
        text += " (" + detail + ")";
    text += ", " + jsonField(json, "applied_changes") + " changes applied this run";
    std::tm utc{};
    const std::string stamp = jsonField(json, "updated_at");
    const long updated =
        strptime(stamp.c_str(), "%Y-%m-%dT%H:%M:%S", &utc) ? long(timegm(&utc)) : 0;
    if (updated > 0)
        text += ", reported " + std::to_string(std::max(0L, long(std::time(nullptr)) - updated)) +
                " s ago";
    return text;
}

using ConsumerLag = std::optional<StateDirectory::ConsumerLag>;

// Kafka: each partition's lag, as the runner last wrote it; null without a runner.
std::string consumerLagJson(const ConsumerLag &lag)
{
    if (!lag)
        return "null";
    std::string json =
        "{\"updated_at\": " + jsonQuoted(isoUtc(lag->updatedAt * 1000)) + ", \"partitions\": [";
    for (std::size_t i = 0; i < lag->partitions.size(); ++i) {
        const auto &p = lag->partitions[i];
        json += std::string(i ? ", " : "") + "{\"sink\": " + jsonQuoted(p.sink) +
                ", \"topic\": " + jsonQuoted(p.topic) +
                ", \"partition\": " + std::to_string(p.partition) +
                ", \"lag_messages\": " + std::to_string(p.messages) + '}';
    }
    return json + "]}";
}

void printConsumerLag(const PipelineConfig &config, const Runner &runner, const ConsumerLag &lag)
{
    if (!runner) {
        std::cout << "kafka lag unknown: the runner measures it while it runs\n";
        return;
    }
    if (!lag || lag->partitions.empty()) {
        std::cout << "kafka lag not measured yet\n";
        return;
    }
    const long age = std::max(0L, long(std::time(nullptr) - lag->updatedAt));
    for (const auto &sink : config.sinks) {
        long long total = 0;
        std::string partitions;
        for (const auto &p : lag->partitions)
            if (p.sink == sink.name) {
                total += p.messages;
                partitions += "\n          " + p.topic + '[' + std::to_string(p.partition) + "] " +
                              std::to_string(p.messages);
            }
        if (partitions.empty())
            continue;
        std::cout << "kafka lag " << sink.name << ": " << total << " messages behind (" << age
                  << " s ago)" << partitions << '\n';
    }
}

void printJson(const PipelineConfig &config, const StatusReport &report, const Runner &runner,
               const ConsumerLag &lag)
{
    std::cout << "{\"pipeline\": " << jsonQuoted(config.name) << ", \"runner\": ";
    if (runner)
        std::cout << "{\"pid\": " << runner->pid
                  << ", \"status\": " << (runner->statusJson.empty() ? "null" : runner->statusJson)
                  << '}';
    else
        std::cout << "null";
    std::cout << ", \"source\": {\"slot\": " << jsonQuoted(config.source.slot)
              << ", \"capture\": " << jsonQuoted(report.captureName);
    if (!report.captureWarning.empty())
        std::cout << ", \"warning\": " << jsonQuoted(report.captureWarning);
    if (!report.sourceError.empty())
        std::cout << ", \"error\": " << jsonQuoted(report.sourceError);
    else
        std::cout << ", \"slot_exists\": " << (report.slotExists ? "true" : "false")
                  << ", \"active\": " << (report.slotActive ? "true" : "false")
                  << ", \"confirmed_flush_lsn\": " << jsonQuoted(report.confirmedFlush.toString())
                  << ", \"current_wal_lsn\": " << jsonQuoted(report.currentWal.toString())
                  << ", \"lag_bytes\": " << report.lagBytes
                  << ", \"retained_wal_bytes\": " << report.retainedBytes;
    std::cout << "}, \"sinks\": [";
    for (std::size_t i = 0; i < report.sinks.size(); ++i) {
        const auto &sink = report.sinks[i];
        std::cout << (i ? ", " : "") << "{\"name\": " << jsonQuoted(sink.name);
        if (!sink.error.empty())
            std::cout << ", \"error\": " << jsonQuoted(sink.error);
        std::cout << ", \"applied_lsn\": "
                  << (sink.position ? jsonQuoted(sink.position->toString()) : "null")
                  << ", \"updated_at\": "
                  << (sink.updatedAt.empty() ? "null" : jsonQuoted(sink.updatedAt))
                  << ", \"quarantined_tables\": [";
        for (std::size_t q = 0; q < sink.quarantined.size(); ++q) {
            const auto &held = sink.quarantined[q];
            std::cout << (q ? ", " : "") << "{\"table\": " << jsonQuoted(held.table)
                      << ", \"reason\": " << jsonQuoted(held.reason)
                      << ", \"first_dead_letter\": " << held.firstDeadLetter
                      << ", \"held_changes\": " << held.heldChanges << '}';
        }
        std::cout << "]}";
    }
    std::cout << "]";
    if (config.transport.isKafka())
        std::cout << ", \"consumer_lag\": " << consumerLagJson(runner ? lag : std::nullopt);
    std::cout << ", \"incremental_snapshots\": [";
    for (std::size_t i = 0; i < report.incrementalSnapshots.size(); ++i) {
        const auto &copy = report.incrementalSnapshots[i];
        std::cout << (i ? ", " : "") << "{\"table\": " << jsonQuoted(copy.table)
                  << ", \"reason\": " << jsonQuoted(copy.reason)
                  << ", \"requested_at\": " << jsonQuoted(copy.requestedAt)
                  << ", \"chunks\": " << copy.chunks << ", \"rows_read\": " << copy.rowsRead
                  << ", \"finished\": " << (copy.finished ? "true" : "false") << '}';
    }
    std::cout << "], \"verification\": {\"every_seconds\": "
              << (config.verify.enabled ? std::to_string(config.verify.everySeconds) : "null")
              << ", \"next_run_at\": "
              << (report.nextScheduledVerify.empty() ? "null"
                                                     : jsonQuoted(report.nextScheduledVerify))
              << ", \"tables\": " << tableVerificationsToJson(report.verifications) << "}}\n";
}

// The schedule, then the last result of each table; the runner's own next-run time wins over the
// one computed from the history (it knows a run is going on or waits for the stream).
void printVerifications(const PipelineConfig &config, const StatusReport &report,
                        const Runner &runner)
{
    if (config.verify.enabled) {
        std::string next = runner ? jsonField(runner->statusJson, "next_run_at") : "";
        if (next.empty())
            next = report.nextScheduledVerify;
        const bool running = runner && jsonField(runner->statusJson, "running") == "true";
        std::cout << "verify    every " << durationText(config.verify.everySeconds)
                  << (running        ? ", running now"
                      : next.empty() ? ", first run once the pipeline streams"
                                     : ", next " + next)
                  << '\n';
    }
    for (const auto &table : report.verifications) {
        std::cout << "verified  " << table.table << " on " << table.sink << ": ";
        if (!table.error.empty())
            std::cout << "could not compare: " << table.error;
        else if (table.differences() == 0)
            std::cout << "equal, " << table.rows << " rows";
        else
            std::cout << table.differences()
                      << (table.differences() == 1 ? " row differs (" : " rows differ (")
                      << table.missing << " missing, " << table.extra << " extra, "
                      << table.different << " different)";
        std::cout << " (" << table.trigger << ", " << table.verifiedAt << ")\n";
        if (table.error.empty() && table.differences() > 0)
            std::cout << "          fix: syncline repair " << config.file.string() << " --sink "
                      << table.sink << " --table " << table.table << '\n';
    }
}

void printText(const PipelineConfig &config, const StatusReport &report, const Runner &runner,
               const ConsumerLag &lag)
{
    std::cout << "pipeline  " << config.name << '\n';
    if (runner)
        std::cout << "runner    " << describeRunner(*runner) << '\n';
    else
        std::cout << "runner    not running here (state_dir " << config.stateDir.string() << ")\n";
    if (!config.hasSource) {
        std::cout << "source    none: the sinks consume existing Kafka topics\n";
    } else if (!report.sourceError.empty()) {
        std::cout << "source    unreachable: " << report.sourceError << '\n';
    } else if (config.source.type != "postgres") {
        std::cout << "capture   " << report.captureName
                  << (report.slotExists ? "" : " (not created yet)") << '\n';
        if (report.slotExists)
            std::cout << "confirmed " << report.confirmedFlush.toString() << "   log end "
                      << report.currentWal.toString() << '\n'
                      << "lag       " << humanBytes(report.lagBytes)
                      << " of binary log   the server keeps " << humanBytes(report.retainedBytes)
                      << '\n';
    } else if (!report.slotExists) {
        std::cout << "slot      " << config.source.slot << " (not created yet)\n";
    } else {
        std::cout << "slot      " << config.source.slot
                  << (report.slotActive ? " (active)" : " (idle)") << '\n'
                  << "confirmed " << report.confirmedFlush.toString() << "   current WAL "
                  << report.currentWal.toString() << '\n'
                  << "lag       " << humanBytes(report.lagBytes) << "   retained WAL "
                  << humanBytes(report.retainedBytes) << '\n';
    }
    if (!report.captureWarning.empty())
        std::cout << "warning   " << report.captureWarning << '\n';
    for (const auto &sink : report.sinks) {
        std::cout << "sink      " << sink.name << ": ";
        if (!sink.error.empty())
            std::cout << "unreachable: " << sink.error << '\n';
        else if (!sink.position)
            std::cout << "nothing applied yet\n";
        else
            // Only the postgres sink keeps when it was updated.
            std::cout << "applied up to " << sink.position->toString()
                      << (sink.updatedAt.empty() ? "" : " (at " + sink.updatedAt + ')') << '\n';
        for (const auto &held : sink.quarantined)
            std::cout << "          " << held.table << " quarantined: " << held.heldChanges
                      << " changes held from dead letter #" << held.firstDeadLetter << ": "
                      << held.reason << "\n          release: change the target by hand, then "
                      << "syncline dlq replay " << config.file.string() << " --table " << held.table
                      << '\n';
    }
    if (config.transport.isKafka())
        printConsumerLag(config, runner, lag);
    for (const auto &copy : report.incrementalSnapshots)
        std::cout << "snapshot  " << copy.table << ": " << (copy.finished ? "done, " : "copying, ")
                  << copy.rowsRead << " rows in " << copy.chunks << " chunks (" << copy.reason
                  << ", " << copy.requestedAt << ")\n";
    printVerifications(config, report, runner);
}

} // namespace

int status(const Options &options)
{
    auto config = loadOrReport(options.pipelineFile);
    if (!config)
        return BadInput;
    const auto report = collectStatus(*config);
    const StateDirectory state(config->stateDir);
    const auto runner = state.runningRunner();
    const auto lag = state.consumerLag();
    if (options.json)
        printJson(*config, report, runner, lag);
    else
        printText(*config, report, runner, lag);
    bool reachable = report.sourceError.empty();
    for (const auto &sink : report.sinks)
        reachable = reachable && sink.error.empty();
    return reachable ? Success : Failure;
}

} // namespace syncline::cli
