#include "source/mysql/postgres_types.h"

#include "model/type_oids.h"
#include "util/errors.h"

#include <mysql.h>

namespace syncline::mysql {
namespace {

using namespace type_oids;

constexpr int kBinaryCollation = 63;

void setType(Column &column, std::uint32_t oid, std::string sqlType, std::int32_t modifier = -1)
{
    column.typeOid = oid;
    column.sqlType = std::move(sqlType);
    column.typeModifier = modifier;
}

void setNumeric(Column &column, unsigned precision, unsigned scale)
{
    setType(column, kNumeric,
            "numeric(" + std::to_string(precision) + "," + std::to_string(scale) + ")",
            std::int32_t((precision << 16) | scale) + 4);
}

// timestamp(n) with or without time zone, named as format_type() names it (the sinks compare
// these names with their tables'): the modifier is the fractional digits.
void setTime(Column &column, std::uint32_t oid, bool withZone, unsigned digits)
{
    setType(column, oid,
            "timestamp(" + std::to_string(digits) + ")" +
                (withZone ? " with time zone" : " without time zone"),
            std::int32_t(digits));
}

} // namespace

Column postgresColumn(const BinlogColumn &source)
{
    Column column;
    column.name = source.name;
    column.isKey = source.keyPosition >= 0;
    column.notNull = !source.nullable;
    const bool isUnsigned = source.isUnsigned.value_or(false);
    switch (source.type) {
    case MYSQL_TYPE_TINY:
        setType(column, kInt2, "smallint");
        break;
    case MYSQL_TYPE_SHORT:
        isUnsigned ? setType(column, kInt4, "integer") : setType(column, kInt2, "smallint");
        break;
    case MYSQL_TYPE_INT24:
        setType(column, kInt4, "integer");
        break;
    case MYSQL_TYPE_LONG:
        isUnsigned ? setType(column, kInt8, "bigint") : setType(column, kInt4, "integer");
        break;
    case MYSQL_TYPE_LONGLONG:
        isUnsigned ? setNumeric(column, 20, 0) : setType(column, kInt8, "bigint");
        break;
    case MYSQL_TYPE_NEWDECIMAL:
        setNumeric(column, source.meta, source.meta2);
        break;
    case MYSQL_TYPE_FLOAT:
        setType(column, kFloat4, "real");
        break;
    case MYSQL_TYPE_DOUBLE:
        setType(column, kFloat8, "double precision");
        break;
    case MYSQL_TYPE_YEAR:
        setType(column, kInt2, "smallint");
        break;
    case MYSQL_TYPE_DATE:
        setType(column, kDate, "date");
        break;
    case MYSQL_TYPE_DATETIME2:
        setTime(column, kTimestamp, false, source.meta);
        break;
    case MYSQL_TYPE_TIMESTAMP2:
        setTime(column, kTimestamptz, true, source.meta);
        break;
    case MYSQL_TYPE_TIME2:
        setType(column, kInterval, "interval");
        break;
    case MYSQL_TYPE_BIT:
        setType(column, kBit, "bit(" + std::to_string(source.meta) + ")",
                std::int32_t(source.meta));
        break;
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_JSON:
        if (source.realType == MYSQL_TYPE_ENUM || source.realType == MYSQL_TYPE_SET)
            setType(column, kText, "text");
        else if (source.collation == kBinaryCollation)
            setType(column, kBytea, "bytea");
        else
            setType(column, kText, "text");
        break;
    case MYSQL_TYPE_GEOMETRY:
        setType(column, kBytea, "bytea");
        break;
    default:
        throw PermanentError("column " + source.name + " has MySQL type " +
                             std::to_string(source.type) + ", which has no PostgreSQL mapping");
    }
    return column;
}

TableSchema postgresTable(const BinlogTable &table)
{
    TableSchema schema;
    schema.schema = table.database;
    schema.name = table.table;
    bool keyed = false;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        Column column = postgresColumn(table.columns[i]);
        column.number = int(i) + 1;
        keyed = keyed || column.isKey;
        schema.columns.push_back(std::move(column));
    }
    schema.replicaIdentity = keyed ? 'd' : 'f';
    return schema;
}

} // namespace syncline::mysql
