// libFuzzer target: Kafka message values and keys as a Kafka sink and the dead-letter replayer
// decode them. A value that decodes onto a table must come out the same after being encoded
// again, as the transport would publish it, and decoded once more.

#include "codec/debezium_envelope.h"
#include "model/table_schema.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string_view>

using namespace syncline;

namespace {

// A text table with the columns the envelope names, in the order they first appear.
std::shared_ptr<const TableSchema> tableOf(const DecodedEnvelope &envelope)
{
    auto table = std::make_shared<TableSchema>();
    table->schema = envelope.schema;
    table->name = envelope.table;
    for (const auto *image : {&envelope.before, &envelope.after}) {
        if (!*image)
            continue;
        for (const auto &member : **image) {
            const std::string &name = member.first;
            const auto known = std::find_if(table->columns.begin(), table->columns.end(),
                                            [&](const Column &c) { return c.name == name; });
            if (known == table->columns.end())
                table->columns.push_back({name, 25, -1, false}); // text
        }
    }
    return table;
}

void expectRoundTrip(const DecodedEnvelope &envelope)
{
    const auto table = tableOf(envelope);
    ChangeEvent event;
    try {
        event = toChangeEvent(envelope, table);
    } catch (const CodecError &) {
        return; // an image names a column twice
    }
    EnvelopeSource source;
    source.lsn = envelope.lsn;
    source.txId = envelope.txId;
    source.snapshot = envelope.snapshot;
    const DecodedEnvelope again = decodeValue(encodeValue(event, source, 0));
    const ChangeEvent eventAgain = toChangeEvent(again, table);
    if (again.op != envelope.op || again.schema != envelope.schema ||
        again.table != envelope.table || again.lsn != envelope.lsn || again.txId != envelope.txId ||
        again.snapshot != envelope.snapshot || eventAgain.before != event.before ||
        eventAgain.after != event.after) {
        std::fprintf(stderr, "the envelope does not survive encoding and decoding again\n");
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    try {
        decodeKey(input);
    } catch (const CodecError &) {
    }
    std::optional<DecodedEnvelope> envelope;
    try {
        envelope = decodeValue(input);
    } catch (const CodecError &) {
        return 0; // not a change event
    }
    expectRoundTrip(*envelope); // throws only if what encodeValue() wrote does not decode
    return 0;
}
