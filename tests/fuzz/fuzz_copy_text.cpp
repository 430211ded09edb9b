// libFuzzer target: COPY text rows as a snapshot reads them, split at newlines. Every row must
// survive a round trip: escaped again the way COPY writes it, it parses to the same values.

#include "snapshot/copy_text.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace syncline;

namespace {

// As COPY writes it, by the escaping the MySQL snapshot uses.
std::string copyText(const Row &row)
{
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
        if (i)
            line += '\t';
        appendCopyTextField(line, row[i]);
    }
    return line;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    for (std::size_t start = 0; start < input.size();) {
        const std::size_t end = std::min(input.find('\n', start), input.size());
        const Row row = parseCopyTextRow(input.substr(start, end - start));
        if (parseCopyTextRow(copyText(row)) != row) {
            std::fprintf(stderr, "COPY text row does not survive escaping and parsing again\n");
            std::abort();
        }
        start = end + 1;
    }
    return 0;
}
