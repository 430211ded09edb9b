#include "config/key_template_syntax.h"

#include <algorithm>

namespace syncline {

bool KeyTemplateSyntax::names(const std::string &placeholder) const
{
    return std::any_of(parts.begin(), parts.end(), [&](const Part &part) {
        return part.placeholder && part.text == placeholder;
    });
}

KeyTemplateSyntax parseKeyTemplate(const std::string &text, bool stream)
{
    KeyTemplateSyntax syntax;
    auto refuse = [&](const std::string &why) {
        syntax.problem = "key template '" + text + "': " + why;
        return syntax;
    };
    std::size_t at = 0;
    while (at < text.size()) {
        const auto open = text.find('{', at);
        if (open == std::string::npos) {
            syntax.parts.push_back({text.substr(at)});
            break;
        }
        const auto close = text.find_first_of("{}", open + 1);
        if (close == std::string::npos || text[close] == '{')
            return refuse("'{' without '}'");
        if (open > at)
            syntax.parts.push_back({text.substr(at, open - at)});
        const std::string name = text.substr(open + 1, close - open - 1);
        if (name.empty())
            return refuse("'{}' names no placeholder (use {schema}, {table}, {key} or a key "
                          "column)");
        syntax.parts.push_back({name, true});
        if (stream && syntax.parts.back().rowValue())
            return refuse("a stream is named per table, so only {schema} and {table} may be "
                          "used, not {" +
                          name + "}");
        const auto count = syntax.parts.size();
        if (count > 1 && syntax.parts[count - 2].rowValue() && syntax.parts.back().rowValue())
            return refuse("{" + syntax.parts[count - 2].text + "} and {" + name +
                          "} need text between them, or two rows could have the same key");
        at = close + 1;
    }
    const bool byRow = std::any_of(syntax.parts.begin(), syntax.parts.end(),
                                   [](const auto &part) { return part.rowValue(); });
    if (!stream && !byRow)
        return refuse("no placeholder of the row ({key} or a key column), so every row of a "
                      "table would have the same key");
    return syntax;
}

std::string schemaCollision(const std::string &keyTemplate,
                            const std::vector<std::pair<std::string, std::string>> &tables)
{
    const KeyTemplateSyntax syntax = parseKeyTemplate(keyTemplate, false);
    if (!syntax.problem.empty() || syntax.names("schema"))
        return {}; // the template's own problem is reported as such
    for (auto one = tables.begin(); one != tables.end(); ++one) {
        const auto other = std::find_if(one + 1, tables.end(), [&](const auto &table) {
            return table.second == one->second && table.first != one->first;
        });
        if (other != tables.end())
            return "tables " + one->first + "." + one->second + " and " + other->first + "." +
                   other->second + " have the same name, and the key template '" + keyTemplate +
                   "' has no {schema}, so their rows would share keys: add {schema} to key (as "
                   "\"{schema}:{table}:{key}\")";
    }
    return {};
}

} // namespace syncline
