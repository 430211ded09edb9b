#include "sink/redis/key_template.h"

#include "util/errors.h"

#include <algorithm>

namespace syncline::redis {

namespace {

constexpr int kWholeKey = -2;

std::string globEscaped(const std::string &text)
{
    std::string out;
    for (const char c : text) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
}

} // namespace

KeyTemplate::KeyTemplate(const std::string &text, const std::string &schema,
                         const std::string &table, const std::vector<std::string> &keyColumns,
                         bool tableOnly)
{
    std::size_t at = 0;
    while (at < text.size()) {
        const auto open = text.find('{', at);
        if (open == std::string::npos) {
            m_parts.push_back({text.substr(at)});
            break;
        }
        const auto close = text.find('}', open);
        if (close == std::string::npos)
            throw PermanentError("key template '" + text + "': '{' without '}'");
        if (open > at)
            m_parts.push_back({text.substr(at, open - at)});
        const std::string name = text.substr(open + 1, close - open - 1);
        const auto column = std::find(keyColumns.begin(), keyColumns.end(), name);
        if (name == "schema")
            m_parts.push_back({schema});
        else if (name == "table")
            m_parts.push_back({table});
        else if (tableOnly)
            throw PermanentError("key template '" + text +
                                 "': a stream is named per table, "
                                 "so only {schema} and {table} may be used, not {" +
                                 name + "}");
        else if (keyColumns.empty())
            throw PermanentError("table " + schema + "." + table +
                                 " has no primary key or replica identity index, so its rows "
                                 "have no key for '" +
                                 text + "'");
        else if (name == "key")
            m_parts.push_back({{}, kWholeKey});
        else if (column != keyColumns.end())
            m_parts.push_back({{}, int(column - keyColumns.begin())});
        else
            throw PermanentError("key template '" + text + "': {" + name +
                                 "} is not a key column of " + schema + "." + table +
                                 " (use {schema}, {table}, {key} or a key column)");
        at = close + 1;
    }
}

std::string KeyTemplate::render(const std::vector<const Value *> &keyValues) const
{
    std::string key;
    for (const auto &part : m_parts) {
        if (part.keyColumn == kWholeKey) {
            for (std::size_t i = 0; i < keyValues.size(); ++i)
                key += (i ? ":" : "") + keyValues[i]->text;
        } else if (part.keyColumn >= 0) {
            key += keyValues[std::size_t(part.keyColumn)]->text;
        } else {
            key += part.literal;
        }
    }
    return key;
}

std::string KeyTemplate::scanPattern() const
{
    std::string pattern;
    for (const auto &part : m_parts)
        pattern += part.keyColumn == -1 ? globEscaped(part.literal) : "*";
    return pattern;
}

} // namespace syncline::redis
