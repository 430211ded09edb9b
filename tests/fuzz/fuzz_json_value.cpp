// libFuzzer target: JSON documents. What parses must parse again, to the same value, from both
// the compact and the pretty text it writes.

#include "util/json_value.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace syncline;

namespace {

[[noreturn]] void fail(const char *why)
{
    std::fprintf(stderr, "%s\n", why);
    std::abort();
}

void expectSame(const JsonValue &value, const std::string &written)
{
    if (JsonValue::parse(written) != value)
        fail("the JSON written does not parse to the same value");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    JsonValue::isNumberText(input);
    JsonValue value;
    try {
        value = JsonValue::parse(input);
    } catch (const JsonError &error) {
        if (error.offset() > input.size())
            fail("the error's offset is past the end of the text");
        return 0;
    }
    expectSame(value, value.toJson());
    expectSame(value, value.toJson(true));
    return 0;
}
