#include "transport/kafka/message_filter.h"

namespace syncline::kafka {

namespace {

bool contains(const std::optional<std::string> &text, const std::string &part)
{
    return part.empty() || (text && text->find(part) != std::string::npos);
}

} // namespace

bool MessageFilter::isEmpty() const
{
    return keyContains.empty() && valueContains.empty() && headerName.empty();
}

bool MessageFilter::matches(const BrowsedMessage &message) const
{
    if (!contains(message.key, keyContains) || !contains(message.value, valueContains))
        return false;
    if (headerName.empty())
        return true;
    for (const auto &[name, value] : message.headers)
        if (name == headerName && (headerValue.empty() || value == headerValue))
            return true;
    return false;
}

} // namespace syncline::kafka
