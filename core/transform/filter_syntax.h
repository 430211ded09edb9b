#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// The syntax of a filter step's "where" text (see RowFilter for the language): its tree, and the
// parser that builds it.
namespace syncline::transform {

// A filter step's "where" text that does not parse: `offset` is where in the text.
class FilterSyntaxError : public std::runtime_error
{
public:
    FilterSyntaxError(std::size_t offset, const std::string &message)
        : std::runtime_error(message), offset(offset)
    {}
    std::size_t offset;
};

// What a value compares as.
enum class Category
{
    Any, // NULL
    Number,
    Bool,
    Text,
};

struct Operand
{
    enum class Kind
    {
        Column,
        Text,
        Number,
        Bool,
        Null,
    };
    Kind kind = Kind::Null;
    std::string text; // the column's name, or the literal
    std::size_t offset = 0;
    // Bound columns:
    std::size_t index = 0;
    Category category = Category::Any;
    std::uint32_t typeOid = 0;
};

struct FilterNode
{
    enum class Kind
    {
        Or,
        And,
        Not,
        Compare, // left op right
        IsNull,  // left IS [NOT] NULL
        In,      // left [NOT] IN (list)
        Like,    // left [NOT] LIKE right
        Column,  // a boolean column on its own
    };
    Kind kind = Kind::Or;
    std::vector<std::shared_ptr<FilterNode>> children;
    Operand left, right;
    std::vector<Operand> list;
    std::string op;
    bool negated = false;
};

// The tree of `text`; throws FilterSyntaxError.
std::shared_ptr<FilterNode> parseFilter(std::string_view text);

std::string lowered(std::string text);

} // namespace syncline::transform
