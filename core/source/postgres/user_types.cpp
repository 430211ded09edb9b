#include "source/postgres/user_types.h"

#include "pg/connection.h"
#include "pg/conninfo.h"

#include <libpq-fe.h>

namespace syncline {
namespace {

// $1 is the table. Walks the types its columns depend on; the deepest come first, so each
// type's statement runs after those of the types it is made of. Array types and the
// multirange of a range come with their element or range type, and composites that are a
// table's row type are left out (creating the table creates them).
const char *const kUserTypesSql =
    "WITH RECURSIVE uses(oid, depth) AS ( "
    "    SELECT atttypid, 0 FROM pg_attribute "
    "    WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped "
    "  UNION ALL "
    "    SELECT d.dep, u.depth + 1 FROM uses u JOIN pg_type t ON t.oid = u.oid "
    "    CROSS JOIN LATERAL ( "
    "        SELECT t.typelem WHERE t.typelem <> 0 AND t.typsubscript = "
    "'array_subscript_handler'::regproc "
    "      UNION ALL SELECT t.typbasetype WHERE t.typtype = 'd' "
    "      UNION ALL SELECT a.atttypid FROM pg_attribute a "
    "        WHERE t.typtype = 'c' AND a.attrelid = t.typrelid AND a.attnum > 0 AND NOT "
    "a.attisdropped "
    "      UNION ALL SELECT r.rngsubtype FROM pg_range r WHERE t.typtype = 'r' AND r.rngtypid = "
    "t.oid "
    "      UNION ALL SELECT r.rngtypid FROM pg_range r WHERE t.typtype = 'm' AND r.rngmultitypid = "
    "t.oid "
    "    ) d(dep) "
    "    WHERE u.depth < 32 "
    ") "
    "SELECT n.nspname, t.typname, t.typtype, "
    "       (SELECT e.extname FROM pg_depend dp JOIN pg_extension e ON e.oid = dp.refobjid "
    "         WHERE dp.classid = 'pg_type'::regclass AND dp.objid = t.oid AND dp.deptype = 'e'), "
    "       CASE t.typtype "
    "       WHEN 'e' THEN 'CREATE TYPE ' || q.name || ' AS ENUM (' || (SELECT "
    "string_agg(quote_literal(enumlabel), ', ' ORDER BY enumsortorder) FROM pg_enum WHERE "
    "enumtypid = t.oid) || ')' "
    "       WHEN 'c' THEN 'CREATE TYPE ' || q.name || ' AS (' || (SELECT "
    "string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER "
    "BY a.attnum) FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT "
    "a.attisdropped) || ')' "
    "       WHEN 'd' THEN 'CREATE DOMAIN ' || q.name || ' AS ' || format_type(t.typbasetype, "
    "t.typtypmod) "
    "            || coalesce(' DEFAULT ' || t.typdefault, '') || CASE WHEN t.typnotnull THEN ' NOT "
    "NULL' ELSE '' END "
    "            || coalesce((SELECT string_agg(' CONSTRAINT ' || quote_ident(c.conname) || ' ' || "
    "pg_get_constraintdef(c.oid), '' ORDER BY c.conname) FROM pg_constraint c WHERE c.contypid = "
    "t.oid AND c.contype = 'c'), '') "
    "       WHEN 'r' THEN (SELECT 'CREATE TYPE ' || q.name || ' AS RANGE (SUBTYPE = ' || "
    "format_type(r.rngsubtype, NULL) "
    "            || ', MULTIRANGE_TYPE_NAME = ' || quote_ident(mn.nspname) || '.' || "
    "quote_ident(m.typname) || ')' "
    "            FROM pg_range r JOIN pg_type m ON m.oid = r.rngmultitypid JOIN pg_namespace mn ON "
    "mn.oid = m.typnamespace WHERE r.rngtypid = t.oid) "
    "       END "
    "FROM (SELECT oid, max(depth) AS depth FROM uses GROUP BY oid) u "
    "JOIN pg_type t ON t.oid = u.oid JOIN pg_namespace n ON n.oid = t.typnamespace "
    "CROSS JOIN LATERAL (SELECT quote_ident(n.nspname) || '.' || quote_ident(t.typname) AS name) q "
    "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
    "  AND t.typtype IN ('b', 'c', 'd', 'e', 'r') "
    "  AND NOT (t.typelem <> 0 AND t.typsubscript = 'array_subscript_handler'::regproc) "
    "  AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c') "
    "ORDER BY u.depth DESC, n.nspname, t.typname ";

} // namespace

std::vector<TableDefinition::UserType> describeUserTypes(pg::Connection &connection,
                                                         const std::string &qualifiedTable)
{
    const auto result = connection.execParams(kUserTypesSql, {qualifiedTable});
    std::vector<TableDefinition::UserType> types;
    for (int row = 0; row < PQntuples(result.get()); ++row)
        types.push_back({pg::quoteQualifiedName(pg::resultValue(result.get(), row, 0),
                                                pg::resultValue(result.get(), row, 1)),
                         pg::resultValue(result.get(), row, 3),
                         pg::resultValue(result.get(), row, 4)});
    return types;
}

} // namespace syncline
