#include "model/change_event.h"

namespace syncline {

std::string ChangeEvent::describeKey() const
{
    if (!table)
        return {};
    const Row *row = after ? &*after : (before ? &*before : nullptr);
    if (!row)
        return {};
    std::string out;
    for (int index : table->keyColumnIndexes()) {
        if (index >= int(row->size()))
            continue;
        if (!out.empty())
            out += ", ";
        const Value &value = (*row)[index];
        out += table->columns[index].name + '=' + (value.isNull() ? "NULL" : value.text);
    }
    if (out.empty())
        out = "(no key: replica identity full)";
    return out;
}

static std::size_t rowBytes(const std::optional<Row> &row)
{
    std::size_t bytes = 0;
    if (row)
        for (const Value &value : *row)
            bytes += sizeof(Value) + value.text.capacity();
    return bytes;
}

std::size_t approximateBytes(const ChangeEvent &event)
{
    return sizeof(ChangeEvent) + rowBytes(event.before) + rowBytes(event.after);
}

std::string eventId(const TransactionChunk &chunk, int index)
{
    if (!chunk.origin.empty()) {
        const auto at = std::size_t(index);
        if (at < chunk.sourcePositions.size() && chunk.sourcePositions[at])
            return chunk.origin.substr(0, chunk.origin.rfind('/')) + '@' +
                   chunk.positions[at].toString();
        return chunk.origin + '@' + std::to_string(chunk.offsets[at]);
    }
    return chunk.commitLsn.toString() + '/' + std::to_string(chunk.firstEventIndex + index);
}

} // namespace syncline
