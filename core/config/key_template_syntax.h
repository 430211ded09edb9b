#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace syncline {

// The syntax of a Redis sink's key template, "{table}:{key}": literal text and {name}
// placeholders. One parser for the loader, which checks a template at load, and the sink, which
// binds it to each table (sink/redis/key_template.h).
struct KeyTemplateSyntax
{
    struct Part
    {
        std::string text;         // the literal, or the placeholder's name
        bool placeholder = false; // {text}
        // A placeholder for a value of the row ({key} or a column), not {schema} or {table}.
        bool rowValue() const { return placeholder && text != "schema" && text != "table"; }
    };
    std::vector<Part> parts;
    std::string problem; // why the template is refused; empty when it is not

    bool names(const std::string &placeholder) const;
};

// `stream`: the template names a stream per table, so it may use only {schema} and {table};
// otherwise it must use a value of the row ({key} or a key column), and two of them must have
// text between them (else keys of different rows could be equal). Whether a name is a key column
// is the sink's to say, per table.
KeyTemplateSyntax parseKeyTemplate(const std::string &text, bool stream);

// Why a materialize or invalidate template cannot serve these tables ({schema, table}): two of
// them have the same name in different schemas and the template does not name {schema}, so
// their rows would share keys. Empty when it can.
std::string schemaCollision(const std::string &keyTemplate,
                            const std::vector<std::pair<std::string, std::string>> &tables);

} // namespace syncline
