#pragma once

#include "model/table_schema.h"
#include "model/value.h"
#include "transform/filter_syntax.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace syncline::transform {

// The predicate of a filter step, in a small subset of SQL's WHERE:
//   comparisons        column = 'text', amount >= 100, a <> b   (=, <>, !=, <, <=, >, >=)
//   NULL tests         column IS NULL, column IS NOT NULL
//   lists and patterns column [NOT] IN ('a', 'b'), column [NOT] LIKE 'abc%'  (% any, _ one)
//   logic              NOT, AND, OR, parentheses; a boolean column on its own
// with literals 'text' ('' for a quote), numbers, TRUE, FALSE and NULL, and column names as
// written or "quoted". Like SQL, a comparison with NULL is unknown and a row is kept only when
// the predicate is true. Numbers compare as numbers, booleans as booleans, anything else as its
// text (byte order; dates and timestamps in ISO form order as they should).
class RowFilter
{
public:
    // Throws FilterSyntaxError.
    static RowFilter parse(std::string_view text);

    const std::string &text() const { return m_text; }
    // The column names it reads, each once.
    std::vector<std::string> columns() const;

    // A column as the filter sees it: its index in the rows evaluated, and its type.
    struct BoundColumn
    {
        std::size_t index = 0;
        std::uint32_t typeOid = 0;
    };
    using ColumnLookup = std::function<std::optional<BoundColumn>(const std::string &name)>;

    // The predicate over rows whose columns `lookup` finds; throws PermanentError naming an
    // unknown column, or a comparison of a column with a literal of another kind (a number with
    // a text column...).
    class Bound
    {
    public:
        bool keeps(const Row &row) const;
        // The indexes of the row it reads.
        const std::vector<std::size_t> &reads() const { return m_reads; }

    private:
        friend class RowFilter;
        std::shared_ptr<const FilterNode> m_root;
        std::vector<std::size_t> m_reads;
    };
    Bound bind(const ColumnLookup &lookup) const;

    // The predicate as a PostgreSQL expression with the same meaning (for a publication's row
    // filter), the columns renamed by `sourceName`; nullopt, with the reason in `why`, when it
    // has no exact equivalent (text compared by order depends on the server's collation).
    std::optional<std::string>
    toSql(const std::function<std::string(const std::string &)> &sourceName,
          const ColumnLookup &lookup, std::string *why = nullptr) const;

private:
    std::string m_text;
    std::shared_ptr<const FilterNode> m_root;
};

} // namespace syncline::transform
