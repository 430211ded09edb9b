#pragma once

#include "dlq/failure_ledger.h"

#include <atomic>
#include <cstdint>

namespace syncline {

// What a sink learns from failures and must remember across the sessions that retry them: the
// transactions to apply change by change (to name a rejected change), whether the target has
// refused a plain INSERT of an inserted row, and how often each rejected change has failed so
// far.
struct SinkRecovery
{
    std::atomic<std::uint64_t> isolateThrough{0};
    std::atomic<bool> insertsCollided{false};
    dlq::FailureLedger failures;
};

} // namespace syncline
