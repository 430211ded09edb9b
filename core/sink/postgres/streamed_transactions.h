#pragma once

#include "model/change_event.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

namespace syncline {

class PostgresSink;

// The transactions a source streams while they are still in progress (pgoutput streaming),
// each applied in a target transaction of its own, on a connection of its own, and committed
// with the source's commit and its position, or rolled back with its abort. The sink that owns
// this commits everything received before each streamed chunk, and waits for these
// connections before it applies anything else: on the source, row locks keep a transaction
// from changing a row that one in progress changed, so neither connection then waits for the
// other's rows.
class StreamedTransactions
{
public:
    // Opens the sink applying transaction `xid` (PostgresSink::openInProgress()).
    using Open = std::function<std::unique_ptr<PostgresSink>(std::uint32_t xid)>;
    explicit StreamedTransactions(Open open);
    ~StreamedTransactions();

    struct Committed
    {
        Lsn end;
        long long changes = 0;
    };
    // Applies a streamed chunk. `applied` is the owner's position: a transaction that commits
    // at or before it was applied before (a restart), and is rolled back instead. Returns what
    // a commit applied.
    std::optional<Committed> apply(const std::shared_ptr<const TransactionChunk> &chunk,
                                   std::optional<Lsn> applied);
    std::size_t openCount() const { return m_sinks.size(); }
    std::uint32_t anyOpenXid() const { return m_sinks.empty() ? 0 : m_sinks.begin()->first; }
    // Returns once every statement sent so far has its result.
    void waitForResults();
    void abandon();

    // Connections to the target at most, one per transaction in progress.
    static constexpr std::size_t kMaxOpen = 8;

private:
    Open m_open;
    std::unordered_map<std::uint32_t, std::unique_ptr<PostgresSink>> m_sinks; // by source xid
};

} // namespace syncline
