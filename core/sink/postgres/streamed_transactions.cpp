#include "sink/postgres/streamed_transactions.h"

#include "sink/postgres/postgres_sink.h"
#include "util/errors.h"
#include "util/failpoint.h"
#include "util/log.h"

namespace syncline {

StreamedTransactions::StreamedTransactions(Open open) : m_open(std::move(open)) {}

StreamedTransactions::~StreamedTransactions() = default;

std::optional<StreamedTransactions::Committed>
StreamedTransactions::apply(const std::shared_ptr<const TransactionChunk> &chunk,
                            std::optional<Lsn> applied)
{
    auto it = m_sinks.find(chunk->xid);
    if (it == m_sinks.end()) {
        if (!chunk->isFirst)
            throw TransientError("streamed transaction " + std::to_string(chunk->xid) +
                                 " went on without its start");
        if (m_sinks.size() >= kMaxOpen)
            throw StreamingRefused(chunk->xid, std::to_string(kMaxOpen) +
                                                   " other large transactions are in progress");
        it = m_sinks.emplace(chunk->xid, m_open(chunk->xid)).first;
    }
    PostgresSink &sink = *it->second;
    if (!chunk->isLast) {
        sink.applyInProgress(chunk);
        SYNCLINE_FAILPOINT("sink.streamed_chunk_applied");
        return std::nullopt;
    }
    std::optional<Committed> committed;
    if (chunk->aborted || (applied && chunk->commitLsn < *applied)) {
        sink.rollbackInProgress();
        log::debug("sink",
                   "sink " + sink.name() + ": rolled back streamed transaction " +
                       std::to_string(chunk->xid) +
                       (chunk->aborted ? ": the source rolled it back" : ": applied before"));
    } else {
        committed = Committed{chunk->endLsn, sink.commitInProgress(*chunk)};
        SYNCLINE_FAILPOINT("sink.streamed_committed_before_confirm");
    }
    m_sinks.erase(it);
    return committed;
}

void StreamedTransactions::waitForResults()
{
    for (auto &[xid, sink] : m_sinks)
        sink->settleInProgress();
}

void StreamedTransactions::abandon()
{
    for (auto &[xid, sink] : m_sinks)
        sink->abandon();
    m_sinks.clear();
}

} // namespace syncline
