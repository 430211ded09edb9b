#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace syncline {

// Appends `text` as a JSON string literal, quotes included. Bytes >= 0x80 pass through as they
// are (the text is expected to be UTF-8).
inline void appendJsonQuoted(std::string &out, std::string_view text)
{
    out += '"';
    for (std::size_t i = 0; i < text.size(); ++i) {
        // Runs that need no escape are copied whole (values of kilobytes are common).
        std::size_t plain = i;
        while (plain < text.size() && text[plain] != '"' && text[plain] != '\\' &&
               static_cast<unsigned char>(text[plain]) >= 0x20)
            ++plain;
        out.append(text.data() + i, plain - i);
        if (plain == text.size())
            break;
        i = plain;
        const char c = text[i];
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(c));
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

// `text` as a JSON string literal, quotes included.
inline std::string jsonQuoted(const std::string &text)
{
    std::string out;
    out.reserve(text.size() + 2);
    appendJsonQuoted(out, text);
    return out;
}

} // namespace syncline
