#include "config/http_headers.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

namespace syncline {
namespace {

// tchar of RFC 9110, 5.6.2.
bool isTokenCharacter(char c)
{
    constexpr std::string_view punctuation = "!#$%&'*+-.^_`|~";
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x80 && (std::isalnum(byte) || punctuation.find(c) != std::string_view::npos);
}

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

struct OwnedHeader
{
    std::string_view name;
    std::string_view why;
};

constexpr std::string_view kFraming = "it frames the request body, which the sink sizes itself (a "
                                      "wrong one desynchronizes the connection)";
constexpr std::string_view kConnection = "it controls the connection, which the sink manages";

constexpr std::array kOwnedHeaders = {
    OwnedHeader{"Content-Length", kFraming},
    OwnedHeader{"Transfer-Encoding", kFraming},
    OwnedHeader{"TE", kFraming},
    OwnedHeader{"Trailer", kFraming},
    OwnedHeader{"Host", "the sink takes the host from 'url'"},
    OwnedHeader{"Connection", kConnection},
    OwnedHeader{"Keep-Alive", kConnection},
    OwnedHeader{"Proxy-Connection", kConnection},
    OwnedHeader{"Upgrade", kConnection},
    OwnedHeader{"Expect", kConnection},
    OwnedHeader{"Content-Type", "the sink sends its JSON as application/json"},
    OwnedHeader{kIdempotencyKeyHeader, "the sink sets it to each request's idempotency key"},
    OwnedHeader{kSignatureHeader, "the sink signs each request with 'secret' in it"},
};

} // namespace

std::string httpHeaderNameProblem(std::string_view name)
{
    if (name.empty())
        return "a header name cannot be empty";
    if (!std::all_of(name.begin(), name.end(), isTokenCharacter))
        return "'" + printableHeaderName(name) +
               "' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only, no "
               "spaces, colons or control characters)";
    for (const auto &owned : kOwnedHeaders)
        if (equalsIgnoringCase(name, owned.name))
            return "header '" + std::string(name) + "' cannot be set: " + std::string(owned.why);
    return {};
}

std::string httpHeaderValueProblem(std::string_view value)
{
    if (value.find_first_of("\r\n") != std::string_view::npos)
        return "contains a line break (CR or LF), which would start a header line of its own";
    if (value.find('\0') != std::string_view::npos)
        return "contains a NUL character";
    const auto control = std::find_if(value.begin(), value.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && c != '\t') || byte == 0x7f;
    });
    if (control != value.end())
        return "contains a control character";
    return {};
}

std::string printableHeaderName(std::string_view name)
{
    std::string shown;
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7f) {
            shown += c;
            continue;
        }
        std::array<char, 5> escaped{};
        std::snprintf(escaped.data(), escaped.size(), "\\x%02x", unsigned(byte));
        shown += escaped.data();
    }
    return shown;
}

} // namespace syncline
