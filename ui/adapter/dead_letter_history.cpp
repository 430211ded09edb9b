#include "dead_letter_history.h"

#include <sstream>

namespace syncline::ui {

namespace {

bool listContains(const std::string &commaList, const std::string &item)
{
    std::stringstream items(commaList);
    for (std::string each; std::getline(items, each, ',');)
        if (each == item)
            return true;
    return false;
}

} // namespace

bool auditCovers(const dlq::AuditEntry &entry, const dlq::DeadLetter &letter)
{
    if (!entry.sink.empty() && entry.sink != letter.sink)
        return false;
    if (entry.filter == "all")
        return true;
    // Values are written as they were given; only text= may hold spaces, and it comes last
    // but for id=, so the value of text= runs up to " id=" or the end.
    const std::string &filter = entry.filter;
    std::size_t at = 0;
    while (at < filter.size()) {
        const std::size_t equals = filter.find('=', at);
        if (equals == std::string::npos)
            return false;
        const std::string name = filter.substr(at, equals - at);
        std::size_t end = name == "text" ? filter.find(" id=", equals) : filter.find(' ', equals);
        if (end == std::string::npos)
            end = filter.size();
        const std::string value = filter.substr(equals + 1, end - equals - 1);
        at = end + 1;
        if (name == "sink" && value != letter.sink)
            return false;
        if (name == "table" && value != letter.table)
            return false;
        if (name == "class" && value != letter.errorClass)
            return false;
        if (name == "id" && !listContains(value, std::to_string(letter.id)))
            return false;
        if (name == "text" && letter.key.find(value) == std::string::npos &&
            letter.value.find(value) == std::string::npos &&
            letter.message.find(value) == std::string::npos)
            return false;
    }
    return true;
}

} // namespace syncline::ui
