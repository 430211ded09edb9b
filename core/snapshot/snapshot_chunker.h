#pragma once

#include "model/change_event.h"
#include "model/lsn.h"

#include <cstddef>
#include <functional>
#include <memory>

namespace syncline {

class TableCopySource;
struct TableDefinition;

// Turns table copies (COPY text) into one transaction of changes of op "r" at the snapshot's
// consistent point, cut into chunks: `flush` gets each chunk once it holds maxEvents changes or
// maxBytes of row text, and the last one (isLast, maybe empty) from finish(). Event indexes
// run on across chunks and tables, so each row is named as the stream names its changes.
class SnapshotChunker
{
public:
    using Flush = std::function<void(const std::shared_ptr<TransactionChunk> &chunk)>;

    SnapshotChunker(Lsn consistentPoint, std::int64_t commitTimeMicros, std::size_t maxEvents,
                    std::size_t maxBytes, Flush flush);

    // Copies the table through the chunks; returns its rows.
    long long copy(TableCopySource &reader, const TableDefinition &table);
    void finish();

private:
    void flush(bool last);

    std::shared_ptr<TransactionChunk> m_chunk;
    std::size_t m_maxEvents;
    std::size_t m_maxBytes;
    std::size_t m_bytes = 0;
    Flush m_flush;
};

} // namespace syncline
