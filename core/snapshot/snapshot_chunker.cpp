#include "snapshot/snapshot_chunker.h"

#include "model/table_definition.h"
#include "snapshot/copy_text.h"
#include "snapshot/table_copy.h"

namespace syncline {

SnapshotChunker::SnapshotChunker(Lsn consistentPoint, std::int64_t commitTimeMicros,
                                 std::size_t maxEvents, std::size_t maxBytes, Flush flush)
    : m_chunk(std::make_shared<TransactionChunk>()), m_maxEvents(maxEvents), m_maxBytes(maxBytes),
      m_flush(std::move(flush))
{
    m_chunk->commitLsn = m_chunk->endLsn = consistentPoint;
    m_chunk->commitTimeMicros = commitTimeMicros;
    m_chunk->isFirst = true;
}

long long SnapshotChunker::copy(TableCopySource &reader, const TableDefinition &table)
{
    const auto schema = std::make_shared<const TableSchema>(table.toSchema());
    long long rows = 0;
    reader.copyTable(
        table,
        [&](std::string_view data, long long) {
            for (std::size_t start = 0; start < data.size();) {
                auto end = data.find('\n', start);
                if (end == std::string_view::npos)
                    end = data.size();
                ChangeEvent event;
                event.op = Operation::Read;
                event.table = schema;
                event.after = parseCopyTextRow(data.substr(start, end - start));
                m_chunk->events.push_back(std::move(event));
                ++rows;
                m_bytes += end - start;
                if (m_chunk->events.size() >= m_maxEvents || m_bytes >= m_maxBytes)
                    flush(false);
                start = end + 1;
            }
        },
        TableCopySource::Format::Text);
    return rows;
}

void SnapshotChunker::finish()
{
    flush(true);
}

void SnapshotChunker::flush(bool last)
{
    m_bytes = 0;
    m_chunk->isLast = last;
    m_flush(m_chunk);
    auto next = std::make_shared<TransactionChunk>();
    next->commitLsn = next->endLsn = m_chunk->commitLsn;
    next->commitTimeMicros = m_chunk->commitTimeMicros;
    next->firstEventIndex = m_chunk->firstEventIndex + m_chunk->events.size();
    m_chunk = std::move(next);
}

} // namespace syncline
