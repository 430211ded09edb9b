#include "schema/type_widening.h"

#include <charconv>
#include <optional>
#include <string_view>
#include <vector>

namespace syncline {
namespace {

int integerRank(std::string_view type)
{
    if (type == "smallint")
        return 1;
    if (type == "integer")
        return 2;
    if (type == "bigint")
        return 3;
    return 0;
}

bool isUnboundedText(std::string_view type)
{
    return type == "text" || type == "character varying";
}

// "numeric(12,2)" → base "numeric", modifiers {12, 2}; "timestamp(3) without time zone" →
// base "timestamp without time zone", {3}.
struct ParsedType
{
    std::string base;
    std::vector<int> modifiers;
};

std::optional<ParsedType> parse(std::string_view type)
{
    ParsedType parsed;
    const auto open = type.find('(');
    if (open == std::string_view::npos) {
        parsed.base = type;
        return parsed;
    }
    const auto close = type.find(')', open);
    if (close == std::string_view::npos)
        return std::nullopt;
    std::string_view inside = type.substr(open + 1, close - open - 1);
    while (!inside.empty()) {
        int value = 0;
        const auto [end, error] =
            std::from_chars(inside.data(), inside.data() + inside.size(), value);
        if (error != std::errc())
            return std::nullopt;
        parsed.modifiers.push_back(value);
        inside.remove_prefix(std::size_t(end - inside.data()));
        if (!inside.empty() && inside.front() == ',')
            inside.remove_prefix(1);
    }
    parsed.base = std::string(type.substr(0, open)) + std::string(type.substr(close + 1));
    return parsed;
}

bool isWiderModifier(const ParsedType &from, const ParsedType &to)
{
    if (from.base != to.base || from.base.ends_with("[]"))
        return false;
    if (to.modifiers.empty())
        return true; // unbounded, or the type's largest precision
    if (from.modifiers.empty())
        return false;
    if (from.base == "numeric") {
        const int fromScale = from.modifiers.size() > 1 ? from.modifiers[1] : 0;
        const int toScale = to.modifiers.size() > 1 ? to.modifiers[1] : 0;
        return toScale >= fromScale && to.modifiers[0] - toScale >= from.modifiers[0] - fromScale;
    }
    return from.modifiers.size() == 1 && to.modifiers.size() == 1 &&
           to.modifiers[0] >= from.modifiers[0];
}

} // namespace

bool isWidening(const std::string &from, const std::string &to)
{
    if (from == to)
        return true;
    if (integerRank(from) && integerRank(to))
        return integerRank(to) > integerRank(from);
    if (integerRank(from) && to == "numeric")
        return true;
    if (from == "real" && to == "double precision")
        return true;
    if (isUnboundedText(to) && (isUnboundedText(from) || from.starts_with("character varying(") ||
                                from.starts_with("character(")))
        return true;
    const auto parsedFrom = parse(from);
    const auto parsedTo = parse(to);
    return parsedFrom && parsedTo && isWiderModifier(*parsedFrom, *parsedTo);
}

} // namespace syncline
