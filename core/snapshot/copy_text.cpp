#include "snapshot/copy_text.h"

namespace syncline {

namespace {

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

Value unescape(std::string_view field)
{
    if (field == "\\N")
        return Value::null();
    std::string text;
    text.reserve(field.size());
    for (std::size_t i = 0; i < field.size(); ++i) {
        const char c = field[i];
        if (c != '\\' || i + 1 == field.size()) {
            text += c;
            continue;
        }
        const char next = field[++i];
        switch (next) {
        case 't':
            text += '\t';
            break;
        case 'n':
            text += '\n';
            break;
        case 'r':
            text += '\r';
            break;
        case 'b':
            text += '\b';
            break;
        case 'f':
            text += '\f';
            break;
        case 'v':
            text += '\v';
            break;
        case 'x': {
            int value = 0;
            int digits = 0;
            while (digits < 2 && i + 1 < field.size() && hexDigit(field[i + 1]) >= 0)
                value = value * 16 + hexDigit(field[++i]), ++digits;
            if (digits == 0)
                text += 'x';
            else
                text += char(value);
            break;
        }
        default:
            if (next >= '0' && next <= '7') {
                int value = next - '0';
                for (int digits = 1; digits < 3 && i + 1 < field.size() && field[i + 1] >= '0' &&
                                     field[i + 1] <= '7';
                     ++digits)
                    value = value * 8 + (field[++i] - '0');
                text += char(value);
            } else {
                text += next; // \\ and any other escaped character stand for themselves
            }
        }
    }
    return Value::fromText(std::move(text));
}

} // namespace

Row parseCopyTextRow(std::string_view line)
{
    Row row;
    std::size_t start = 0;
    for (;;) {
        const auto tab = line.find('\t', start);
        row.push_back(
            unescape(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start)));
        if (tab == std::string_view::npos)
            return row;
        start = tab + 1;
    }
}

void appendCopyTextField(std::string &line, const Value &value)
{
    if (value.isNull()) {
        line += "\\N";
        return;
    }
    for (const char c : value.text) {
        switch (c) {
        case '\\':
            line += "\\\\";
            break;
        case '\t':
            line += "\\t";
            break;
        case '\n':
            line += "\\n";
            break;
        case '\r':
            line += "\\r";
            break;
        case '\b':
            line += "\\b";
            break;
        case '\f':
            line += "\\f";
            break;
        case '\v':
            line += "\\v";
            break;
        default:
            line += c;
        }
    }
}

} // namespace syncline
