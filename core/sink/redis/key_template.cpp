#include "sink/redis/key_template.h"

#include "config/key_template_syntax.h"
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
    const KeyTemplateSyntax syntax = parseKeyTemplate(text, tableOnly);
    if (!syntax.problem.empty())
        throw PermanentError(syntax.problem);
    std::size_t values = 0; // of the row, in a key
    for (const auto &part : syntax.parts) {
        const std::string &name = part.text;
        const auto column = std::find(keyColumns.begin(), keyColumns.end(), name);
        if (!part.placeholder)
            m_parts.push_back({name});
        else if (name == "schema")
            m_parts.push_back({schema});
        else if (name == "table")
            m_parts.push_back({table});
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
        if (part.rowValue())
            values += name == "key" ? keyColumns.size() : 1;
    }
    if (values < 2)
        return;
    // The separators: ':' within {key}, and the text between the first value and the last.
    auto escape = [&](char c) {
        if (m_escaped.find(c) == std::string::npos)
            m_escaped += c;
    };
    escape('\\');
    auto isValue = [](const Part &part) { return part.keyColumn != -1; };
    const auto first = std::find_if(m_parts.begin(), m_parts.end(), isValue);
    const auto last = std::find_if(m_parts.rbegin(), m_parts.rend(), isValue).base();
    for (auto part = first; part != last; ++part) {
        if (part->keyColumn == kWholeKey)
            escape(':');
        for (const char c : part->literal)
            escape(c);
    }
}

void KeyTemplate::append(std::string &key, const std::string &value) const
{
    if (m_escaped.empty()) {
        key += value;
        return;
    }
    for (const char c : value) {
        if (m_escaped.find(c) != std::string::npos)
            key += '\\';
        key += c;
    }
}

std::string KeyTemplate::render(const std::vector<const Value *> &keyValues) const
{
    std::string key;
    for (const auto &part : m_parts) {
        if (part.keyColumn == kWholeKey) {
            for (std::size_t i = 0; i < keyValues.size(); ++i) {
                key += i ? ":" : "";
                append(key, keyValues[i]->text);
            }
        } else if (part.keyColumn >= 0) {
            append(key, keyValues[std::size_t(part.keyColumn)]->text);
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
