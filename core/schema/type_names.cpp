#include "schema/type_names.h"

#include <map>

namespace syncline {

namespace {

// Type modifiers: varchar/char/bit store length + 4 (bit: length), numeric
// ((precision << 16) | scale) + 4, time types the precision itself.
std::string withModifier(const std::string &name, std::uint32_t oid, std::int32_t modifier)
{
    if (modifier < 0)
        return name;
    switch (oid) {
    case 1043: // varchar
    case 1042: // bpchar
        return name + '(' + std::to_string(modifier - 4) + ')';
    case 1700: { // numeric
        const int value = modifier - 4;
        return name + '(' + std::to_string((value >> 16) & 0xffff) + ',' +
               std::to_string(value & 0xffff) + ')';
    }
    case 1083: // time
    case 1114: // timestamp
    case 1184: // timestamptz
    case 1266: // timetz
    case 1186: // interval
    {
        const auto space = name.find(' ');
        const std::string precision = '(' + std::to_string(modifier) + ')';
        return space == std::string::npos ? name + precision
                                          : name.substr(0, space) + precision + name.substr(space);
    }
    default:
        return name;
    }
}

} // namespace

std::string typeName(std::uint32_t typeOid, std::int32_t typeModifier)
{
    static const std::map<std::uint32_t, std::string> names = {
        {16, "boolean"},
        {17, "bytea"},
        {18, "\"char\""},
        {19, "name"},
        {20, "bigint"},
        {21, "smallint"},
        {23, "integer"},
        {25, "text"},
        {26, "oid"},
        {114, "json"},
        {142, "xml"},
        {700, "real"},
        {701, "double precision"},
        {790, "money"},
        {829, "macaddr"},
        {869, "inet"},
        {650, "cidr"},
        {1000, "boolean[]"},
        {1005, "smallint[]"},
        {1007, "integer[]"},
        {1009, "text[]"},
        {1016, "bigint[]"},
        {1042, "character"},
        {1043, "character varying"},
        {1082, "date"},
        {1083, "time without time zone"},
        {1114, "timestamp without time zone"},
        {1184, "timestamp with time zone"},
        {1186, "interval"},
        {1266, "time with time zone"},
        {1560, "bit"},
        {1562, "bit varying"},
        {1700, "numeric"},
        {2950, "uuid"},
        {3802, "jsonb"},
    };
    const auto known = names.find(typeOid);
    if (known == names.end())
        return "type " + std::to_string(typeOid);
    return withModifier(known->second, typeOid, typeModifier);
}

} // namespace syncline
