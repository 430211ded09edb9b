#include "source/mysql/mysql_dsn.h"

#include "util/errors.h"

#include <cctype>
#include <cstdlib>

namespace syncline::mysql {
namespace {

[[noreturn]] void refuse(const std::string &why)
{
    throw PermanentError("mysql dsn: " + why);
}

// One value at `at`: up to the next blank, or a single-quoted text with \' and \\ escapes.
std::string readValue(const std::string &text, std::size_t &at)
{
    std::string value;
    if (at < text.size() && text[at] == '\'') {
        for (++at; at < text.size() && text[at] != '\''; ++at) {
            if (text[at] == '\\' && at + 1 < text.size())
                ++at;
            value += text[at];
        }
        if (at >= text.size())
            refuse("a quoted value is not closed");
        ++at;
        return value;
    }
    while (at < text.size() && !std::isspace(static_cast<unsigned char>(text[at])))
        value += text[at++];
    return value;
}

} // namespace

MysqlDsn MysqlDsn::parse(const std::string &text)
{
    MysqlDsn dsn;
    std::size_t at = 0;
    // Text that is not a keyword may be the rest of a password with a blank in it: messages name
    // the keyword before it instead of quoting it.
    std::string previous;
    const auto notKeyword = [&] {
        refuse(previous.empty()
                   ? std::string("expected keyword=value")
                   : "the value of " + previous +
                         " has a blank in it: put it in single quotes ('…'), with \\' for a "
                         "quote inside");
    };
    for (;;) {
        while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at])))
            ++at;
        if (at >= text.size())
            break;
        const std::size_t equals = text.find('=', at);
        if (equals == std::string::npos)
            notKeyword();
        std::string keyword = text.substr(at, equals - at);
        while (!keyword.empty() && std::isspace(static_cast<unsigned char>(keyword.back())))
            keyword.pop_back();
        if (keyword.empty() ||
            keyword.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)
            notKeyword();
        at = equals + 1;
        while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at])))
            ++at;
        const std::string value = readValue(text, at);
        if (keyword == "host") {
            dsn.host = value;
        } else if (keyword == "port") {
            const bool digits = !value.empty() && value.size() <= 5 &&
                                value.find_first_not_of("0123456789") == std::string::npos;
            const unsigned long port = digits ? std::stoul(value) : 0;
            if (port == 0 || port > 65535)
                refuse("port must be a number from 1 to 65535, not \"" + value + "\"");
            dsn.port = unsigned(port);
        } else if (keyword == "user") {
            dsn.user = value;
        } else if (keyword == "password") {
            dsn.password = value;
        } else if (keyword == "database" || keyword == "dbname") {
            dsn.database = value;
        } else {
            refuse("unknown keyword \"" + keyword +
                   "\" (known: host, port, user, password, database)");
        }
        previous = keyword;
    }
    if (dsn.user.empty())
        refuse("user is missing");
    return dsn;
}

std::string MysqlDsn::redacted() const
{
    std::string text = "host=" + host + " port=" + std::to_string(port) + " user=" + user;
    if (!database.empty())
        text += " database=" + database;
    return text;
}

} // namespace syncline::mysql
