#pragma once

#include "model/value.h"

#include <string>
#include <vector>

namespace syncline::redis {

// A key template such as "{table}:{id}", bound to one table: {schema}, {table}, {key} (the key
// columns' values joined by ':') and {<key column>} are replaced.
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
    struct Part
    {
        std::string literal; // schema and table are resolved into literals
        int keyColumn = -1;  // >= 0: that key column's value; -2: {key}
    };
    std::vector<Part> m_parts;
};

} // namespace syncline::redis
