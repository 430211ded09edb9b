#pragma once

#include "model/value.h"

#include <string>
#include <vector>

namespace syncline::redis {

// A key template such as "{table}:{id}" (its syntax: config/key_template_syntax.h), bound to one
// table: {schema}, {table}, {key} (the key columns' values joined by ':') and {<key column>} are
// replaced. A key built from more than one value of the row has a backslash put before each
// backslash and each character of the separators in those values (':' for {key}, the text
// between placeholders), so that two rows never share a key; a key of one value holds it as is.
class KeyTemplate
{
public:
    // Throws PermanentError naming the placeholder that is not one of these (stream mode: only
    // {schema} and {table}, as the template names a stream per table).
    KeyTemplate(const std::string &text, const std::string &schema, const std::string &table,
                const std::vector<std::string> &keyColumns, bool tableOnly);

    // The key of the row whose key column values are `keyValues`, in keyColumns order.
    std::string render(const std::vector<const Value *> &keyValues) const;
    // A SCAN MATCH pattern for every key of the table: literal parts escaped, values as *.
    std::string scanPattern() const;

private:
    void append(std::string &key, const std::string &value) const;

    struct Part
    {
        std::string literal; // schema and table are resolved into literals
        int keyColumn = -1;  // >= 0: that key column's value; -2: {key}
    };
    std::vector<Part> m_parts;
    std::string m_escaped; // the characters escaped in values; empty: values as they are
};

} // namespace syncline::redis
