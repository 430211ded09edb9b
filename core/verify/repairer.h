#pragma once

#include "config/pipeline_config.h"
#include "verify/verify_result.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace syncline::verify {

// Repairs what a comparison found through the pipeline's own stream: the differing keys are
// read again from the source between watermarks, as an incremental snapshot of just those rows
// (snapshot/snapshot_progress.h), so a repair lands in order with live changes and can never
// overwrite a newer one. A key the source no longer has becomes a delete. Every sink gets the
// repair; to those whose rows were right it changes nothing.
class Repairer
{
public:
    explicit Repairer(const PipelineConfig &pipeline) : m_pipeline(pipeline) {}

    // What a repair of `results` would do, one line per row: "replica public.t {"id": "5"}:
    // delete".
    static std::vector<std::string> plannedActions(const std::vector<TableResult> &results);

    // The table -> generation of each repair job recorded for `results`, with an audit entry
    // per sink and table by `actor`. Throws VerifyError when a table is being copied whole, or
    // a result kept fewer differences than it counted.
    using Requests = std::map<std::string, std::int64_t>;
    Requests request(const std::vector<TableResult> &results, const std::string &actor) const;

    // Returns once the running pipeline has sent every requested repair and the source's slot
    // is confirmed past it. Throws VerifyError when the pipeline is not running (the repair
    // then goes on when it runs again), the time is up, or a table was asked to be copied
    // again meanwhile.
    void waitUntilSent(const Requests &requests, std::chrono::milliseconds timeout,
                       const std::atomic<bool> *cancel = nullptr) const;

private:
    void refuseUnfindableKeys(
        const std::map<std::string, std::set<std::vector<std::string>>> &keys) const;

    const PipelineConfig &m_pipeline;
};

} // namespace syncline::verify
