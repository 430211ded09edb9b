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
    for (;;) {
        while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at])))
            ++at;
        if (at >= text.size())
            break;
        const std::size_t equals = text.find('=', at);
        if (equals == std::string::npos)
            refuse("expected keyword=value at \"" + text.substr(at, 20) + "\"");
        std::string keyword = text.substr(at, equals - at);
        while (!keyword.empty() && std::isspace(static_cast<unsigned char>(keyword.back())))
            keyword.pop_back();
        at = equals + 1;
        while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at])))
            ++at;
        const std::string value = readValue(text, at);
        if (keyword == "host") {
            dsn.host = value;
        } else if (keyword == "port") {
            char *end = nullptr;
            const unsigned long port = std::strtoul(value.c_str(), &end, 10);
            if (value.empty() || *end != '\0' || port == 0 || port > 65535)
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
