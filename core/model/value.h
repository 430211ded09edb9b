#pragma once

#include <string>
#include <vector>

namespace syncline {

// One column value as pgoutput delivers it. Text holds PostgreSQL's text output of the value,
// which the target parses back into the same type, so values arrive byte-identical.
struct Value
{
    enum class Kind : char
    {
        Null = 'n',
        UnchangedToast = 'u',
        Text = 't'
    };

    Kind kind = Kind::Null;
    std::string text;

    static Value null() { return {}; }
    static Value unchangedToast() { return {Kind::UnchangedToast, {}}; }
    static Value fromText(std::string text) { return {Kind::Text, std::move(text)}; }

    bool isNull() const { return kind == Kind::Null; }
    bool isUnchangedToast() const { return kind == Kind::UnchangedToast; }

    bool operator==(const Value &) const = default;
};

using Row = std::vector<Value>;

} // namespace syncline
