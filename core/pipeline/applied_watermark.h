#pragma once

#include "model/lsn.h"

#include <chrono>
#include <filesystem>
#include <optional>

namespace syncline {

// What every sink had applied when the runner last confirmed the slot, kept in the state
// directory (applied-watermark). An idle runner confirms the server's position, past the last
// change, so that the slot holds no WAL for tables it does not capture: a sink position behind
// the slot's is then normal, and only one behind this watermark means the target lost writes it
// had acknowledged. Written at most once a second while it moves, and at the end of a session:
// after a kill -9 it may be older than the truth, never newer.
class AppliedWatermark
{
public:
    explicit AppliedWatermark(const std::filesystem::path &stateDir);

    // nullopt: never written (a state directory from before it, or a new one).
    std::optional<Lsn> load() const;
    // The sinks' applied position (the lowest of them) as confirmed to the slot.
    void note(Lsn applied);
    void flush();
    // Removes the file: a new slot starts without one.
    void forget();

private:
    std::filesystem::path m_file;
    Lsn m_noted;
    Lsn m_written;
    std::chrono::steady_clock::time_point m_writtenAt;
};

} // namespace syncline
