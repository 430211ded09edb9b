#include "codec/webhook_event.h"

#include "codec/debezium_envelope.h"
#include "util/json.h"

namespace syncline {
namespace {

std::string compactEvent(const ChangeEvent &event, const std::string &position)
{
    const TableSchema &table = *event.table;
    const bool truncate = event.op == Operation::Truncate;
    std::string out = "{\"op\":\"";
    out += char(event.op);
    out += "\",\"table\":";
    appendJsonQuoted(out, table.qualifiedName());
    out += ",\"key\":";
    out += truncate ? std::string("null") : encodeKey(event, table.keyColumnIndexes());
    out += ',';
    appendRowImages(out, event);
    out += ",\"position\":";
    appendJsonQuoted(out, position);
    return out + '}';
}

std::string debeziumEvent(const TransactionChunk &chunk, const ChangeEvent &event,
                          const std::string &position, const std::string &pipeline,
                          const std::string &database, std::int64_t nowMillis)
{
    EnvelopeSource source;
    if (chunk.binlog)
        source.connector = "mysql";
    source.binlog = chunk.binlog.get();
    source.name = pipeline;
    source.db = database;
    source.lsn = chunk.commitLsn;
    source.txId = chunk.xid;
    source.commitTimeMicros = chunk.commitTimeMicros;
    source.snapshot = event.op == Operation::Read;
    std::string out = "{\"position\":";
    appendJsonQuoted(out, position);
    out += ",\"key\":";
    out += event.op == Operation::Truncate ? std::string("null")
                                           : encodeKey(event, event.table->keyColumnIndexes());
    out += ",\"value\":";
    out += encodeValue(event, source, nowMillis);
    return out + '}';
}

} // namespace

std::string encodeWebhookEvent(WebhookFormat format, const TransactionChunk &chunk, int index,
                               const std::string &pipeline, const std::string &database,
                               std::int64_t nowMillis)
{
    const ChangeEvent &event = chunk.events[std::size_t(index)];
    if (!event.table)
        throw CodecError("change event without a table");
    const std::string position = eventId(chunk, index);
    if (format == WebhookFormat::Compact)
        return compactEvent(event, position);
    return debeziumEvent(chunk, event, position, pipeline, database, nowMillis);
}

std::string encodeWebhookReplay(WebhookFormat format, const ChangeEvent &event,
                                const std::string &position, const std::string &pipeline,
                                const std::string &database, std::int64_t nowMillis)
{
    if (!event.table)
        throw CodecError("change event without a table");
    if (format == WebhookFormat::Compact)
        return compactEvent(event, position);
    return debeziumEvent(TransactionChunk{}, event, position, pipeline, database, nowMillis);
}

} // namespace syncline
