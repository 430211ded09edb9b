#include "transform/row_filter.h"

#include "model/type_oids.h"
#include "util/errors.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace syncline::transform {

namespace {

Category categoryOfType(std::uint32_t oid)
{
    switch (oid) {
    case type_oids::kInt2:
    case type_oids::kInt4:
    case type_oids::kInt8:
    case type_oids::kOid:
    case type_oids::kFloat4:
    case type_oids::kFloat8:
    case type_oids::kNumeric:
        return Category::Number;
    case type_oids::kBool:
        return Category::Bool;
    default:
        return Category::Text;
    }
}

const char *categoryName(Category category)
{
    switch (category) {
    case Category::Number:
        return "a number";
    case Category::Bool:
        return "a boolean";
    case Category::Text:
        return "text";
    case Category::Any:
        break;
    }
    return "NULL";
}

enum class Truth
{
    False,
    True,
    Unknown,
};

Truth truthOf(bool value)
{
    return value ? Truth::True : Truth::False;
}

// ---- evaluation ----

bool isTrueText(const std::string &text)
{
    const std::string value = lowered(text);
    return value == "t" || value == "true" || value == "1" || value == "y" || value == "yes" ||
           value == "on";
}

// Exact for plain decimals of any length; through long double otherwise (exponents, Infinity).
int compareNumbers(const std::string &a, const std::string &b)
{
    auto plain = [](const std::string &text) {
        return !text.empty() && text.find_first_not_of("+-.0123456789") == std::string::npos;
    };
    if (!plain(a) || !plain(b)) {
        const long double x = std::strtold(a.c_str(), nullptr);
        const long double y = std::strtold(b.c_str(), nullptr);
        return x < y ? -1 : x > y ? 1 : 0;
    }
    struct Decimal
    {
        bool negative = false;
        std::string whole, fraction;
    };
    auto split = [](std::string_view text) {
        Decimal d;
        if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
            d.negative = text[0] == '-';
            text.remove_prefix(1);
        }
        const auto dot = text.find('.');
        d.whole = std::string(text.substr(0, dot));
        d.fraction = dot == std::string_view::npos ? "" : std::string(text.substr(dot + 1));
        d.whole.erase(0, std::min(d.whole.find_first_not_of('0'), d.whole.size()));
        d.fraction.erase(d.fraction.find_last_not_of('0') + 1);
        if (d.whole.empty() && d.fraction.empty())
            d.negative = false; // -0
        return d;
    };
    const Decimal x = split(a), y = split(b);
    if (x.negative != y.negative)
        return x.negative ? -1 : 1;
    int magnitude = x.whole.size() != y.whole.size() ? (x.whole.size() < y.whole.size() ? -1 : 1)
                    : x.whole != y.whole             ? (x.whole < y.whole ? -1 : 1)
                    : x.fraction != y.fraction       ? (x.fraction < y.fraction ? -1 : 1)
                                                     : 0;
    return x.negative ? -magnitude : magnitude;
}

// SQL LIKE: % any characters, _ one character (a UTF-8 code point), \ escapes.
bool likeMatches(std::string_view pattern, std::string_view text)
{
    auto codePointLength = [](std::string_view s) {
        std::size_t n = 1;
        while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
            ++n;
        return n;
    };
    if (pattern.empty())
        return text.empty();
    if (pattern[0] == '%') {
        for (std::size_t i = 0; i <= text.size(); ++i)
            if (likeMatches(pattern.substr(1), text.substr(i)))
                return true;
        return false;
    }
    if (text.empty())
        return false;
    if (pattern[0] == '_') {
        const std::size_t n = codePointLength(text);
        return likeMatches(pattern.substr(1), text.substr(n));
    }
    std::size_t length = 1;
    if (pattern[0] == '\\' && pattern.size() > 1)
        pattern.remove_prefix(1);
    length = codePointLength(pattern);
    if (text.substr(0, length) != pattern.substr(0, length))
        return false;
    return likeMatches(pattern.substr(length), text.substr(length));
}

const Value kNull;

struct Evaluator
{
    const Row &row;

    std::optional<std::string_view> valueOf(const Operand &operand) const
    {
        if (operand.kind == Operand::Kind::Null)
            return std::nullopt;
        if (operand.kind != Operand::Kind::Column)
            return operand.text;
        const Value &value = operand.index < row.size() ? row[operand.index] : kNull;
        if (value.kind != Value::Kind::Text)
            return std::nullopt; // NULL, or an unchanged TOAST value the event does not carry
        return value.text;
    }

    Category categoryOf(const Operand &a, const Operand &b) const
    {
        return a.category != Category::Any ? a.category : b.category;
    }

    int compare(const Operand &a, std::string_view x, const Operand &b, std::string_view y) const
    {
        switch (categoryOf(a, b)) {
        case Category::Number:
            return compareNumbers(std::string(x), std::string(y));
        case Category::Bool:
            return int(isTrueText(std::string(x))) - int(isTrueText(std::string(y)));
        default:
            return x.compare(y) < 0 ? -1 : x.compare(y) > 0 ? 1 : 0;
        }
    }

    Truth evaluate(const FilterNode &node) const
    {
        switch (node.kind) {
        case FilterNode::Kind::Or:
        case FilterNode::Kind::And: {
            const bool isOr = node.kind == FilterNode::Kind::Or;
            Truth result = isOr ? Truth::False : Truth::True;
            for (const auto &child : node.children) {
                const Truth value = evaluate(*child);
                if (value == (isOr ? Truth::True : Truth::False))
                    return value;
                if (value == Truth::Unknown)
                    result = Truth::Unknown;
            }
            return result;
        }
        case FilterNode::Kind::Not: {
            const Truth value = evaluate(*node.children.front());
            return value == Truth::Unknown ? value : truthOf(value == Truth::False);
        }
        case FilterNode::Kind::Column: {
            const auto value = valueOf(node.left);
            return value ? truthOf(isTrueText(std::string(*value))) : Truth::Unknown;
        }
        case FilterNode::Kind::IsNull: {
            const bool isNull = !valueOf(node.left).has_value();
            return truthOf(isNull != node.negated);
        }
        case FilterNode::Kind::Like: {
            const auto value = valueOf(node.left);
            if (!value)
                return Truth::Unknown;
            return truthOf(likeMatches(node.right.text, *value) != node.negated);
        }
        case FilterNode::Kind::In: {
            const auto value = valueOf(node.left);
            if (!value)
                return Truth::Unknown;
            bool sawNull = false;
            for (const Operand &item : node.list) {
                const auto candidate = valueOf(item);
                if (!candidate)
                    sawNull = true;
                else if (compare(node.left, *value, item, *candidate) == 0)
                    return truthOf(!node.negated);
            }
            return sawNull ? Truth::Unknown : truthOf(node.negated);
        }
        case FilterNode::Kind::Compare: {
            const auto x = valueOf(node.left);
            const auto y = valueOf(node.right);
            if (!x || !y)
                return Truth::Unknown;
            const int order = compare(node.left, *x, node.right, *y);
            const std::string &op = node.op;
            return truthOf(op == "="    ? order == 0
                           : op == "<>" ? order != 0
                           : op == "<"  ? order < 0
                           : op == "<=" ? order <= 0
                           : op == ">"  ? order > 0
                                        : order >= 0);
        }
        }
        return Truth::Unknown;
    }
};

// ---- binding ----

Category literalCategory(const Operand &operand)
{
    switch (operand.kind) {
    case Operand::Kind::Number:
        return Category::Number;
    case Operand::Kind::Bool:
        return Category::Bool;
    case Operand::Kind::Text:
        return Category::Text;
    default:
        return Category::Any;
    }
}

struct Binder
{
    const RowFilter::ColumnLookup &lookup;
    std::vector<std::size_t> &reads;

    void bind(Operand &operand) const
    {
        if (operand.kind != Operand::Kind::Column) {
            operand.category = literalCategory(operand);
            return;
        }
        const auto column = lookup(operand.text);
        if (!column)
            throw PermanentError("the filter reads a column the table does not have: " +
                                 operand.text);
        operand.index = column->index;
        operand.category = categoryOfType(column->typeOid);
        operand.typeOid = column->typeOid;
        if (std::find(reads.begin(), reads.end(), column->index) == reads.end())
            reads.push_back(column->index);
    }

    static std::string describe(const Operand &operand)
    {
        return operand.kind == Operand::Kind::Column ? operand.text
               : operand.kind == Operand::Kind::Text ? "'" + operand.text + "'"
                                                     : operand.text;
    }

    void check(const Operand &a, const Operand &b) const
    {
        if (a.category == Category::Any || b.category == Category::Any || a.category == b.category)
            return;
        throw PermanentError("the filter compares " + describe(a) + " (" +
                             categoryName(a.category) + ") with " + describe(b) + " (" +
                             categoryName(b.category) + ")");
    }

    void bind(FilterNode &node) const
    {
        for (auto &child : node.children)
            bind(*child);
        if (node.kind == FilterNode::Kind::Or || node.kind == FilterNode::Kind::And ||
            node.kind == FilterNode::Kind::Not)
            return;
        bind(node.left);
        switch (node.kind) {
        case FilterNode::Kind::Compare:
            bind(node.right);
            check(node.left, node.right);
            break;
        case FilterNode::Kind::In:
            for (Operand &item : node.list) {
                bind(item);
                check(node.left, item);
            }
            break;
        case FilterNode::Kind::Like:
            bind(node.right);
            if (node.left.category != Category::Text)
                throw PermanentError("LIKE needs a text column: " + describe(node.left) + " is " +
                                     categoryName(node.left.category));
            break;
        case FilterNode::Kind::Column:
            if (node.left.category != Category::Bool)
                throw PermanentError("a column on its own must be boolean: " + node.left.text +
                                     " is " + categoryName(node.left.category) +
                                     "; compare it with something");
            break;
        default:
            break;
        }
    }
};

std::shared_ptr<FilterNode> deepCopy(const FilterNode &node)
{
    auto copy = std::make_shared<FilterNode>(node);
    for (auto &child : copy->children)
        child = deepCopy(*child);
    return copy;
}

// ---- SQL ----

struct SqlWriter
{
    const std::function<std::string(const std::string &)> &sourceName;
    std::string why;

    std::string quoted(const std::string &text, char quote) const
    {
        std::string out(1, quote);
        for (char c : text) {
            out += c;
            if (c == quote)
                out += c;
        }
        return out + quote;
    }
    std::string operand(const Operand &operand) const
    {
        switch (operand.kind) {
        case Operand::Kind::Column:
            return quoted(sourceName(operand.text), '"');
        case Operand::Kind::Text:
            return quoted(operand.text, '\'');
        case Operand::Kind::Bool:
            return operand.text == "true" ? "TRUE" : "FALSE";
        case Operand::Kind::Null:
            return "NULL";
        case Operand::Kind::Number:
            return operand.text;
        }
        return "NULL";
    }
    // Text compares the same way here and on the server for text and varchar only: other types
    // (dates, char(n), json...) compare by their type there.
    bool comparesAlike(const Operand &operand)
    {
        if (operand.kind != Operand::Kind::Column || operand.category != Category::Text ||
            operand.typeOid == type_oids::kText || operand.typeOid == type_oids::kVarchar)
            return true;
        why = operand.text + " is compared as text here, but by its type on the server";
        return false;
    }

    std::optional<std::string> write(const FilterNode &node)
    {
        for (const Operand *operand : {&node.left, &node.right})
            if (!comparesAlike(*operand))
                return std::nullopt;
        switch (node.kind) {
        case FilterNode::Kind::Or:
        case FilterNode::Kind::And: {
            std::string out;
            for (const auto &child : node.children) {
                const auto part = write(*child);
                if (!part)
                    return std::nullopt;
                out += (out.empty()                         ? "("
                        : node.kind == FilterNode::Kind::Or ? " OR "
                                                            : " AND ") +
                       *part;
            }
            return out + ")";
        }
        case FilterNode::Kind::Not: {
            const auto inner = write(*node.children.front());
            return inner ? std::optional("(NOT " + *inner + ")") : std::nullopt;
        }
        case FilterNode::Kind::Column:
            return operand(node.left);
        case FilterNode::Kind::IsNull:
            return "(" + operand(node.left) + (node.negated ? " IS NOT NULL)" : " IS NULL)");
        case FilterNode::Kind::Like:
            return "(" + operand(node.left) + (node.negated ? " NOT LIKE " : " LIKE ") +
                   operand(node.right) + ")";
        case FilterNode::Kind::In: {
            std::string list;
            for (const Operand &item : node.list)
                list += (list.empty() ? "" : ", ") + operand(item);
            return "(" + operand(node.left) + (node.negated ? " NOT IN (" : " IN (") + list + "))";
        }
        case FilterNode::Kind::Compare:
            if (node.op != "=" && node.op != "<>" &&
                (node.left.category == Category::Text || node.right.category == Category::Text)) {
                why = "it orders text (" + node.left.text + " " + node.op +
                      " ...), which the server does by its collation";
                return std::nullopt;
            }
            return "(" + operand(node.left) + " " + node.op + " " + operand(node.right) + ")";
        }
        return std::nullopt;
    }
};

} // namespace

RowFilter RowFilter::parse(std::string_view text)
{
    RowFilter filter;
    filter.m_text = std::string(text);
    filter.m_root = parseFilter(text);
    return filter;
}

std::vector<std::string> RowFilter::columns() const
{
    std::vector<std::string> names;
    std::function<void(const FilterNode &)> walk = [&](const FilterNode &node) {
        for (const auto &child : node.children)
            walk(*child);
        for (const Operand *operand : {&node.left, &node.right})
            if (operand->kind == Operand::Kind::Column &&
                std::find(names.begin(), names.end(), operand->text) == names.end())
                names.push_back(operand->text);
    };
    walk(*m_root);
    return names;
}

RowFilter::Bound RowFilter::bind(const ColumnLookup &lookup) const
{
    Bound bound;
    auto root = deepCopy(*m_root);
    Binder{lookup, bound.m_reads}.bind(*root);
    bound.m_root = std::move(root);
    return bound;
}

bool RowFilter::Bound::keeps(const Row &row) const
{
    return Evaluator{row}.evaluate(*m_root) == Truth::True;
}

std::optional<std::string>
RowFilter::toSql(const std::function<std::string(const std::string &)> &sourceName,
                 const ColumnLookup &lookup, std::string *why) const
{
    const Bound bound = bind(lookup);
    SqlWriter writer{sourceName, {}};
    auto sql = writer.write(*bound.m_root);
    if (!sql && why)
        *why = writer.why;
    return sql;
}

} // namespace syncline::transform