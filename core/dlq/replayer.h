#pragma once

#include "config/pipeline_config.h"
#include "connector/replay_target.h"
#include "dlq/dead_letter.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace syncline::dlq {

class DeadLetterStore;

struct ReplayOptions
{
    bool dryRun = false;
    double maxPerSecond = 0; // 0: as fast as the target takes them
    int loopGuard = 3;       // replays of one dead letter before it is quarantined
    std::string actor;       // user@host, for the audit log
};

struct ReplayResult
{
    enum class Outcome
    {
        Applied,
        AlreadyApplied, // a replay applied it before; not applied again
        WouldApply,     // dry run
        Failed,
        Quarantined,
        Waiting, // an earlier dead letter of the same row has to be replayed first
    };
    std::int64_t id = 0;
    Outcome outcome = Outcome::Failed;
    std::string detail;
};
const char *outcomeName(ReplayResult::Outcome outcome);

// Operator actions on a pipeline's dead letters, for the CLI and the console. Replays apply a
// dead letter's change to its sink's target in one transaction with a marker row
// (syncline.replayed_dead_letters), so replaying it twice never applies it twice; changes of
// one row are replayed in their original order; every action goes to the audit log.
class Replayer
{
public:
    // Opens a sink's target for replays, by the sink's type (see makeReplayTarget).
    // The second argument is the sink's pipeline.
    using TargetOpener = std::function<std::unique_ptr<ReplayTarget>(const PostgresSinkConfig &,
                                                                     const PipelineConfig &)>;
    Replayer(const PipelineConfig &config, DeadLetterStore &store, TargetOpener openTarget);
    ~Replayer();

    // Called after each dead letter; return false to cancel the rest.
    using Progress = std::function<bool(const ReplayResult &, int done, int total)>;
    std::vector<ReplayResult> replay(const DeadLetterFilter &filter, const ReplayOptions &options,
                                     const Progress &progress = {});
    // Marks the matching dead letters discarded (they release their rows); returns how many.
    int discard(const DeadLetterFilter &filter, const std::string &actor, bool dryRun);
    // Stores an edited envelope, used by the next replay. Throws CodecError when it is not a
    // valid change event.
    void edit(std::int64_t id, const std::string &envelope, const std::string &actor);

    static std::string currentActor(); // $USER@hostname

private:
    ReplayResult replayOne(const DeadLetter &letter, const ReplayOptions &options);
    ReplayTarget &targetOf(const std::string &sink);
    // False when a replay applied it before.
    bool applyToTarget(ReplayTarget &target, const DeadLetter &letter);

    const PipelineConfig &m_config;
    DeadLetterStore &m_store;
    TargetOpener m_openTarget;
    std::map<std::string, std::unique_ptr<ReplayTarget>> m_targets; // by sink
};

} // namespace syncline::dlq
