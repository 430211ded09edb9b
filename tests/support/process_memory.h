#pragma once

#include <QtGlobal>

#include <functional>

namespace syncline::test {

class SynclineRunner;

// The memory budget is the engine's. ThreadSanitizer's shadow memory, several times what the
// runner touches, counts in its RSS: under TSan the peak is reported, not checked.
#if defined(__SANITIZE_THREAD__)
constexpr bool kPeakRssIsChecked = false;
#else
constexpr bool kPeakRssIsChecked = true;
#endif

// Peak resident set size of a live process in KiB, from /proc/<pid>/status (VmHWM); -1 when
// the process is gone.
long peakRssKib(qint64 pid);

struct PeakRss
{
    long kib = 0;
    bool done = false; // `done` said so before the runner exited or the time ran out
};

// Samples the runner's peak RSS every 200 ms until `done` returns true, the runner exits or
// `timeoutMs` pass.
PeakRss peakRssUntil(SynclineRunner &runner, const std::function<bool()> &done, int timeoutMs);

} // namespace syncline::test
