#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace syncline {

// Malformed JSON text: where (byte offset into the text) and what was expected there.
class JsonError : public std::runtime_error
{
public:
    JsonError(std::size_t offset, const std::string &message);

    std::size_t offset() const { return m_offset; }
    // The message without the "at byte N" suffix that what() carries.
    const std::string &message() const { return m_message; }

private:
    std::size_t m_offset;
    std::string m_message;
};

// A JSON document (RFC 8259). Numbers keep their exact source text, so bigint and numeric values
// pass through losslessly; objects keep their members in order.
class JsonValue
{
public:
    enum class Kind : char
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object
    };
    using Member = std::pair<std::string, JsonValue>;

    // Nesting of arrays and objects deeper than this is rejected by parse().
    static constexpr int MaxDepth = 256;

    JsonValue() = default; // null

    static JsonValue null() { return {}; }
    static JsonValue boolean(bool value);
    // Throws JsonError when `text` is not a JSON number ("1", "-0.5e+3"; not "NaN", "01", "+1").
    static JsonValue number(std::string text);
    static JsonValue string(std::string text);
    static JsonValue array();
    static JsonValue object();

    // The document in `text`: exactly one value, optionally surrounded by whitespace. Strings
    // must be valid UTF-8; \u escapes (surrogate pairs too) are decoded to UTF-8; member names
    // must be unique within an object. Throws JsonError on anything else.
    static JsonValue parse(std::string_view text);
    static bool isNumberText(std::string_view text);

    Kind kind() const { return m_kind; }
    bool isNull() const { return m_kind == Kind::Null; }
    bool isBool() const { return m_kind == Kind::Bool; }
    bool isNumber() const { return m_kind == Kind::Number; }
    bool isString() const { return m_kind == Kind::String; }
    bool isArray() const { return m_kind == Kind::Array; }
    bool isObject() const { return m_kind == Kind::Object; }

    // false unless a Bool.
    bool boolValue() const { return m_bool; }
    // A Number's source text or a String's (unescaped) value; empty for other kinds.
    const std::string &text() const { return m_text; }
    // Empty unless an Array / Object.
    const std::vector<JsonValue> &items() const { return m_items; }
    const std::vector<Member> &members() const { return m_members; }

    // The member named `key`, or null when there is none or this is not an object.
    const JsonValue *find(std::string_view key) const;

    // Objects only (std::logic_error otherwise): adds the member, or replaces the value of an
    // existing member with that name in place.
    JsonValue &set(std::string key, JsonValue value);
    // Arrays only (std::logic_error otherwise).
    JsonValue &push(JsonValue value);

    // Compact by default; pretty puts each item / member on its own line, indented by 2 spaces.
    std::string toJson(bool pretty = false) const;
    void appendJson(std::string &out, bool pretty = false, int indent = 0) const;

    bool operator==(const JsonValue &other) const;

private:
    friend class JsonParser;

    Kind m_kind = Kind::Null;
    bool m_bool = false;
    std::string m_text;
    std::vector<JsonValue> m_items;
    std::vector<Member> m_members;
};

} // namespace syncline
