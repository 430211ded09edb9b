// libFuzzer target: a logical replication stream. The input is a sequence of frames, each a
// 2-byte big-endian length and that many bytes (the last frame takes what is left). A frame
// tagged 'w' or 'k' is a replication protocol CopyData message whose XLogData payload goes to
// the decoder; any other frame is a pgoutput message. One decoder reads every frame, so Relation
// messages describe the changes after them, and each change is encoded as the Kafka transport
// would publish it.

#include "codec/debezium_envelope.h"
#include "model/table_schema.h"
#include "source/postgres/byte_reader.h"
#include "source/postgres/pgoutput_decoder.h"
#include "source/postgres/replication_protocol.h"

#include <cstdint>
#include <string_view>

using namespace syncline;

namespace {

std::string_view nextFrame(std::string_view &input)
{
    std::size_t length = input.size();
    if (input.size() >= 2) {
        length = std::size_t(std::uint8_t(input[0])) << 8 | std::uint8_t(input[1]);
        input.remove_prefix(2);
    }
    const std::string_view frame = input.substr(0, length);
    input.remove_prefix(frame.size());
    return frame;
}

void decodeFrame(PgOutputDecoder &decoder, std::string_view frame)
{
    if (frame.starts_with('w') || frame.starts_with('k')) {
        const ReplicationMessage message = parseReplicationMessage(frame);
        const auto *data = std::get_if<XLogData>(&message);
        if (!data)
            return;
        frame = data->payload;
    }
    const pgoutput::Message message = decoder.decode(frame);
    if (const auto *change = std::get_if<pgoutput::Change>(&message)) {
        // A decoded change always fits its relation, so encoding it must not throw.
        encodeKey(change->event, change->event.table->keyColumnIndexes());
        encodeValue(change->event, EnvelopeSource(), 0);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    std::string_view input(reinterpret_cast<const char *>(data), size);
    PgOutputDecoder decoder;
    while (!input.empty()) {
        try {
            decodeFrame(decoder, nextFrame(input));
        } catch (const DecodeError &) {
            // Corrupt input is answered with DecodeError; the stream goes on with the next frame.
        }
    }
    return 0;
}
