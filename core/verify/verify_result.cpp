#include "verify/verify_result.h"

#include "util/json.h"

namespace syncline::verify {

const char *Difference::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Missing:
        return "missing";
    case Kind::Extra:
        return "extra";
    case Kind::Different:
        return "different";
    }
    return "different";
}

std::string Difference::keyJson() const
{
    std::string json = "{";
    for (std::size_t i = 0; i < key.size() && i < keyColumns.size(); ++i) {
        if (i)
            json += ", ";
        appendJsonQuoted(json, keyColumns[i]);
        json += ": ";
        appendJsonQuoted(json, key[i]);
    }
    return json + "}";
}

std::string Difference::toJson(bool withRows) const
{
    std::string json = "{\"table\": ";
    appendJsonQuoted(json, table);
    json += ", \"key\": " + keyJson() + ", \"kind\": \"" + kindName(kind) + "\"";
    if (withRows)
        json += ", \"source\": " + sourceRow.value_or("null") +
                ", \"target\": " + targetRow.value_or("null");
    return json + "}";
}

void TableResult::record(Difference difference, std::size_t kept)
{
    difference.kind = !difference.targetRow   ? Difference::Kind::Missing
                      : !difference.sourceRow ? Difference::Kind::Extra
                                              : Difference::Kind::Different;
    ++(difference.kind == Difference::Kind::Missing ? missing
       : difference.kind == Difference::Kind::Extra ? extra
                                                    : different);
    if (differences.size() < kept)
        differences.push_back(std::move(difference));
}

} // namespace syncline::verify
