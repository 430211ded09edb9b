#include "pg/conninfo.h"

#include <libpq-fe.h>

namespace syncline::pg {

std::string redactConnInfo(const std::string &conninfo)
{
    char *error = nullptr;
    PQconninfoOption *options = PQconninfoParse(conninfo.c_str(), &error);
    if (!options) {
        PQfreemem(error);
        return "(unparseable connection string)";
    }
    std::string out;
    for (PQconninfoOption *option = options; option->keyword; ++option) {
        // dispchar '*' marks secrets (password, sslpassword, ...).
        if (!option->val || (option->dispchar && option->dispchar[0] == '*'))
            continue;
        if (!out.empty())
            out += ' ';
        out += std::string(option->keyword) + '=' + option->val;
    }
    PQconninfoFree(options);
    return out;
}

std::string databaseName(const std::string &conninfo)
{
    char *error = nullptr;
    PQconninfoOption *options = PQconninfoParse(conninfo.c_str(), &error);
    if (!options) {
        PQfreemem(error);
        return {};
    }
    std::string dbname;
    std::string user;
    for (PQconninfoOption *option = options; option->keyword; ++option) {
        const std::string keyword = option->keyword;
        if (keyword == "dbname" && option->val)
            dbname = option->val;
        else if (keyword == "user" && option->val)
            user = option->val;
    }
    PQconninfoFree(options);
    return dbname.empty() ? user : dbname;
}

std::string quoteIdentifier(const std::string &identifier)
{
    std::string out = "\"";
    for (char c : identifier) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + '"';
}

std::string quoteLiteral(const std::string &text)
{
    std::string out = "'";
    for (char c : text) {
        if (c == '\'')
            out += '\'';
        out += c;
    }
    return out + '\'';
}

std::string quoteQualifiedName(const std::string &schema, const std::string &name)
{
    return quoteIdentifier(schema) + '.' + quoteIdentifier(name);
}

} // namespace syncline::pg
