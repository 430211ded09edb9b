#include "dlq/dead_letter.h"

namespace syncline::dlq {

namespace {

constexpr std::pair<DeadLetterStatus, const char *> kStatusNames[] = {
    {DeadLetterStatus::Pending, "pending"},         {DeadLetterStatus::Held, "held"},
    {DeadLetterStatus::Replayed, "replayed"},       {DeadLetterStatus::Discarded, "discarded"},
    {DeadLetterStatus::Quarantined, "quarantined"}, {DeadLetterStatus::Superseded, "superseded"},
};

} // namespace

const char *statusName(DeadLetterStatus status)
{
    for (const auto &[value, name] : kStatusNames)
        if (value == status)
            return name;
    return "?";
}

std::optional<DeadLetterStatus> statusFromName(const std::string &name)
{
    for (const auto &[value, text] : kStatusNames)
        if (name == text)
            return value;
    return std::nullopt;
}

bool holdsItsRow(DeadLetterStatus status)
{
    return status == DeadLetterStatus::Pending || status == DeadLetterStatus::Held ||
           status == DeadLetterStatus::Quarantined;
}

std::string DeadLetterFilter::describe() const
{
    std::string text;
    auto add = [&](const char *name, const std::string &value) {
        if (value.empty())
            return;
        if (!text.empty())
            text += ' ';
        text += std::string(name) + '=' + value;
    };
    add("sink", sink);
    add("table", table);
    add("class", errorClass);
    std::string statusList;
    for (auto status : statuses)
        statusList += (statusList.empty() ? "" : ",") + std::string(statusName(status));
    add("status", statusList);
    add("since", since);
    add("until", until);
    add("text", this->text);
    std::string idList;
    for (auto id : ids)
        idList += (idList.empty() ? "" : ",") + std::to_string(id);
    add("id", idList);
    return text.empty() ? "all" : text;
}

} // namespace syncline::dlq
