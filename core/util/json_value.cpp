#include "util/json_value.h"

#include "util/json.h"

#include <algorithm>
#include <cstdint>

namespace syncline {

namespace {

std::string describeOffset(std::size_t offset, const std::string &message)
{
    return "invalid JSON at byte " + std::to_string(offset) + ": " + message;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Length of the JSON number at the start of `text` (RFC 8259 grammar), or 0 when there is none.
// `bad` receives the offset of the first byte that breaks the grammar.
std::size_t scanNumber(std::string_view text, std::size_t &bad, std::string &expected)
{
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < text.size() && isDigit(text[i]))
            ++i;
        return i > start;
    };
    if (i < text.size() && text[i] == '-')
        ++i;
    if (i < text.size() && text[i] == '0') {
        ++i;
    } else if (!digits()) {
        bad = i;
        expected = "expected a digit";
        return 0;
    }
    if (i < text.size() && text[i] == '.') {
        ++i;
        if (!digits()) {
            bad = i;
            expected = "expected a digit after the decimal point";
            return 0;
        }
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            ++i;
        if (!digits()) {
            bad = i;
            expected = "expected a digit in the exponent";
            return 0;
        }
    }
    return i;
}

void appendUtf8(std::string &out, std::uint32_t codePoint)
{
    if (codePoint < 0x80) {
        out += char(codePoint);
    } else if (codePoint < 0x800) {
        out += char(0xC0 | (codePoint >> 6));
        out += char(0x80 | (codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
        out += char(0xE0 | (codePoint >> 12));
        out += char(0x80 | ((codePoint >> 6) & 0x3F));
        out += char(0x80 | (codePoint & 0x3F));
    } else {
        out += char(0xF0 | (codePoint >> 18));
        out += char(0x80 | ((codePoint >> 12) & 0x3F));
        out += char(0x80 | ((codePoint >> 6) & 0x3F));
        out += char(0x80 | (codePoint & 0x3F));
    }
}

// Length of the well-formed UTF-8 sequence starting at text[0] (a byte >= 0x80), or 0.
std::size_t utf8SequenceLength(std::string_view text)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    unsigned char min = 0x80;
    unsigned char max = 0xBF; // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            min = 0xA0; // overlong
        if (lead == 0xED)
            max = 0x9F; // UTF-16 surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            min = 0x90; // overlong
        if (lead == 0xF4)
            max = 0x8F; // above U+10FFFF
    } else {
        return 0;
    }
    if (text.size() < length || byte(1) < min || byte(1) > max)
        return 0;
    for (std::size_t i = 2; i < length; ++i)
        if (byte(i) < 0x80 || byte(i) > 0xBF)
            return 0;
    return length;
}

} // namespace

class JsonParser
{
public:
    using Member = JsonValue::Member;

    explicit JsonParser(std::string_view text) : m_text(text) {}

    JsonValue document()
    {
        skipWhitespace();
        JsonValue value = parseValue(0);
        skipWhitespace();
        if (m_pos != m_text.size())
            fail(m_pos, "expected the end of the document");
        return value;
    }

private:
    [[noreturn]] void fail(std::size_t offset, const std::string &message) const
    {
        throw JsonError(offset, message);
    }

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return m_text[m_pos]; }

    void skipWhitespace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            ++m_pos;
    }

    JsonValue parseValue(int depth)
    {
        if (atEnd())
            fail(m_pos, "expected a value");
        switch (peek()) {
        case '{':
            return parseObject(depth + 1);
        case '[':
            return parseArray(depth + 1);
        case '"':
            return JsonValue::string(parseString());
        case 't':
            literal("true");
            return JsonValue::boolean(true);
        case 'f':
            literal("false");
            return JsonValue::boolean(false);
        case 'n':
            literal("null");
            return JsonValue::null();
        default:
            if (peek() == '-' || isDigit(peek()))
                return parseNumber();
            fail(m_pos, "expected a value");
        }
    }

    void literal(std::string_view word)
    {
        for (std::size_t i = 0; i < word.size(); ++i, ++m_pos)
            if (atEnd() || peek() != word[i])
                fail(m_pos, "expected '" + std::string(word) + '\'');
    }

    JsonValue parseNumber()
    {
        std::size_t bad = 0;
        std::string expected;
        const std::size_t length = scanNumber(m_text.substr(m_pos), bad, expected);
        if (length == 0)
            fail(m_pos + bad, expected);
        JsonValue value = JsonValue::number(std::string(m_text.substr(m_pos, length)));
        m_pos += length;
        return value;
    }

    unsigned hex4()
    {
        unsigned value = 0;
        for (int i = 0; i < 4; ++i, ++m_pos) {
            if (atEnd())
                fail(m_pos, "expected 4 hex digits after \\u");
            const char c = peek();
            value <<= 4;
            if (isDigit(c))
                value |= unsigned(c - '0');
            else if (c >= 'a' && c <= 'f')
                value |= unsigned(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                value |= unsigned(c - 'A' + 10);
            else
                fail(m_pos, "expected 4 hex digits after \\u");
        }
        return value;
    }

    // At the opening quote; returns the unescaped, UTF-8 value.
    std::string parseString()
    {
        const std::size_t open = m_pos++;
        std::string out;
        for (;;) {
            if (atEnd())
                fail(open, "unterminated string");
            const char c = peek();
            if (c == '"') {
                ++m_pos;
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                fail(m_pos, "expected '\\u00XX' instead of a raw control character in a string");
            if (static_cast<unsigned char>(c) >= 0x80) {
                const std::size_t length = utf8SequenceLength(m_text.substr(m_pos));
                if (length == 0)
                    fail(m_pos, "invalid UTF-8 in a string");
                out += m_text.substr(m_pos, length);
                m_pos += length;
                continue;
            }
            if (c != '\\') {
                // The run of plain ASCII from here is copied whole.
                std::size_t end = m_pos + 1;
                while (end < m_text.size()) {
                    const auto next = static_cast<unsigned char>(m_text[end]);
                    if (next == '"' || next == '\\' || next < 0x20 || next >= 0x80)
                        break;
                    ++end;
                }
                out.append(m_text.data() + m_pos, end - m_pos);
                m_pos = end;
                continue;
            }
            const std::size_t escape = m_pos++;
            if (atEnd())
                fail(open, "unterminated string");
            switch (peek()) {
            case '"':
            case '\\':
            case '/':
                out += peek();
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                ++m_pos;
                std::uint32_t codePoint = hex4();
                if (codePoint >= 0xDC00 && codePoint <= 0xDFFF)
                    fail(escape, "expected a high surrogate before the low surrogate \\u" +
                                     std::string(m_text.substr(escape + 2, 4)));
                if (codePoint >= 0xD800 && codePoint <= 0xDBFF) {
                    if (m_text.substr(m_pos, 2) != "\\u")
                        fail(m_pos, "expected a \\u low surrogate after the high surrogate");
                    const std::size_t second = m_pos;
                    m_pos += 2;
                    const std::uint32_t low = hex4();
                    if (low < 0xDC00 || low > 0xDFFF)
                        fail(second, "expected a low surrogate (\\uDC00-\\uDFFF)");
                    codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (low - 0xDC00);
                }
                appendUtf8(out, codePoint);
                continue; // hex4() has moved past the digits
            }
            default:
                fail(m_pos, "expected an escape character (one of \"\\/bfnrtu) after '\\'");
            }
            ++m_pos;
        }
    }

    JsonValue parseArray(int depth)
    {
        if (depth > JsonValue::MaxDepth)
            fail(m_pos, "nesting deeper than " + std::to_string(JsonValue::MaxDepth) + " levels");
        ++m_pos;
        JsonValue array = JsonValue::array();
        skipWhitespace();
        if (!atEnd() && peek() == ']') {
            ++m_pos;
            return array;
        }
        for (;;) {
            skipWhitespace();
            array.push(parseValue(depth));
            skipWhitespace();
            if (atEnd() || (peek() != ',' && peek() != ']'))
                fail(m_pos, "expected ',' or ']'");
            if (m_text[m_pos++] == ']')
                return array;
        }
    }

    JsonValue parseObject(int depth)
    {
        if (depth > JsonValue::MaxDepth)
            fail(m_pos, "nesting deeper than " + std::to_string(JsonValue::MaxDepth) + " levels");
        ++m_pos;
        JsonValue object = JsonValue::object();
        skipWhitespace();
        if (!atEnd() && peek() == '}') {
            ++m_pos;
            return object;
        }
        std::vector<Member> &parsed = object.m_members;
        std::vector<std::size_t> nameOffsets;
        for (;;) {
            skipWhitespace();
            if (atEnd() || peek() != '"')
                fail(m_pos, "expected a string (a member name)");
            nameOffsets.push_back(m_pos);
            std::string name = parseString();
            skipWhitespace();
            if (atEnd() || peek() != ':')
                fail(m_pos, "expected ':' after a member name");
            ++m_pos;
            skipWhitespace();
            parsed.emplace_back(std::move(name), parseValue(depth));
            skipWhitespace();
            if (atEnd() || (peek() != ',' && peek() != '}'))
                fail(m_pos, "expected ',' or '}'");
            if (m_text[m_pos++] == '}')
                break;
        }
        rejectDuplicates(parsed, nameOffsets);
        return object;
    }

    void rejectDuplicates(const std::vector<Member> &members,
                          const std::vector<std::size_t> &nameOffsets) const
    {
        std::vector<std::size_t> order(members.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return members[a].first < members[b].first;
        });
        std::size_t firstDuplicate = members.size();
        for (std::size_t i = 1; i < order.size(); ++i)
            if (members[order[i]].first == members[order[i - 1]].first)
                firstDuplicate = std::min(firstDuplicate, order[i]);
        if (firstDuplicate != members.size())
            fail(nameOffsets[firstDuplicate], "expected a unique member name, \"" +
                                                  members[firstDuplicate].first +
                                                  "\" appears twice");
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

namespace {

void newline(std::string &out, int indent)
{
    out += '\n';
    out.append(std::size_t(indent) * 2, ' ');
}

} // namespace

JsonError::JsonError(std::size_t offset, const std::string &message)
    : std::runtime_error(describeOffset(offset, message)), m_offset(offset), m_message(message)
{}

JsonValue JsonValue::boolean(bool value)
{
    JsonValue v;
    v.m_kind = Kind::Bool;
    v.m_bool = value;
    return v;
}

JsonValue JsonValue::number(std::string text)
{
    std::size_t bad = 0;
    std::string expected;
    const std::size_t length = scanNumber(text, bad, expected);
    if (length == 0)
        throw JsonError(bad, expected);
    if (length != text.size())
        throw JsonError(length, "expected the end of the number");
    JsonValue v;
    v.m_kind = Kind::Number;
    v.m_text = std::move(text);
    return v;
}

bool JsonValue::isNumberText(std::string_view text)
{
    std::size_t bad = 0;
    std::string expected;
    const std::size_t length = scanNumber(text, bad, expected);
    return length != 0 && length == text.size();
}

JsonValue JsonValue::string(std::string text)
{
    JsonValue v;
    v.m_kind = Kind::String;
    v.m_text = std::move(text);
    return v;
}

JsonValue JsonValue::array()
{
    JsonValue v;
    v.m_kind = Kind::Array;
    return v;
}

JsonValue JsonValue::object()
{
    JsonValue v;
    v.m_kind = Kind::Object;
    return v;
}

JsonValue JsonValue::parse(std::string_view text)
{
    return JsonParser(text).document();
}

const JsonValue *JsonValue::find(std::string_view key) const
{
    for (const auto &[name, value] : m_members)
        if (name == key)
            return &value;
    return nullptr;
}

JsonValue &JsonValue::set(std::string key, JsonValue value)
{
    if (m_kind != Kind::Object)
        throw std::logic_error("JsonValue::set() on a value that is not an object");
    for (auto &member : m_members) {
        if (member.first == key) {
            member.second = std::move(value);
            return *this;
        }
    }
    m_members.emplace_back(std::move(key), std::move(value));
    return *this;
}

JsonValue &JsonValue::push(JsonValue value)
{
    if (m_kind != Kind::Array)
        throw std::logic_error("JsonValue::push() on a value that is not an array");
    m_items.push_back(std::move(value));
    return *this;
}

std::string JsonValue::toJson(bool pretty) const
{
    std::string out;
    appendJson(out, pretty, 0);
    return out;
}

void JsonValue::appendJson(std::string &out, bool pretty, int indent) const
{
    switch (m_kind) {
    case Kind::Null:
        out += "null";
        return;
    case Kind::Bool:
        out += m_bool ? "true" : "false";
        return;
    case Kind::Number:
        out += m_text;
        return;
    case Kind::String:
        appendJsonQuoted(out, m_text);
        return;
    case Kind::Array:
        out += '[';
        for (std::size_t i = 0; i < m_items.size(); ++i) {
            if (i)
                out += ',';
            if (pretty)
                newline(out, indent + 1);
            m_items[i].appendJson(out, pretty, indent + 1);
        }
        if (pretty && !m_items.empty())
            newline(out, indent);
        out += ']';
        return;
    case Kind::Object:
        out += '{';
        for (std::size_t i = 0; i < m_members.size(); ++i) {
            if (i)
                out += ',';
            if (pretty)
                newline(out, indent + 1);
            appendJsonQuoted(out, m_members[i].first);
            out += pretty ? ": " : ":";
            m_members[i].second.appendJson(out, pretty, indent + 1);
        }
        if (pretty && !m_members.empty())
            newline(out, indent);
        out += '}';
        return;
    }
}

bool JsonValue::operator==(const JsonValue &other) const
{
    if (m_kind != other.m_kind)
        return false;
    switch (m_kind) {
    case Kind::Null:
        return true;
    case Kind::Bool:
        return m_bool == other.m_bool;
    case Kind::Number:
    case Kind::String:
        return m_text == other.m_text;
    case Kind::Array:
        return m_items == other.m_items;
    case Kind::Object:
        return m_members == other.m_members;
    }
    return false;
}

} // namespace syncline
