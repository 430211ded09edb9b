#include "model/message_position.h"

namespace syncline {

std::optional<MessagePosition> MessagePosition::parse(std::string_view text)
{
    const auto hash = text.find('#');
    if (hash == std::string_view::npos || hash + 1 == text.size())
        return std::nullopt;
    const auto lsn = Lsn::parse(text.substr(0, hash));
    if (!lsn)
        return std::nullopt;
    std::uint64_t index = 0;
    for (char c : text.substr(hash + 1)) {
        if (c < '0' || c > '9')
            return std::nullopt;
        index = index * 10 + std::uint64_t(c - '0');
    }
    return MessagePosition{lsn->value(), index};
}

std::string MessagePosition::toString() const
{
    return Lsn(lsn).toString() + '#' + std::to_string(index);
}

} // namespace syncline
