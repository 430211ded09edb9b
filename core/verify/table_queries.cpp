#include "verify/table_queries.h"

#include "pg/conninfo.h"

#include <algorithm>

namespace syncline::verify {

std::string TableQueries::from() const
{
    return " FROM " + pg::quoteQualifiedName(m_table.schema, m_table.name);
}

std::string TableQueries::rowText() const
{
    std::string columns;
    for (const auto &column : m_table.columns)
        columns += (columns.empty() ? "" : ", ") + pg::quoteIdentifier(column);
    return "ROW(" + columns + ")::text";
}

std::string TableQueries::hashedColumn(const std::string &column) const
{
    const auto at = std::find(m_table.columns.begin(), m_table.columns.end(), column);
    const bool natively =
        at != m_table.columns.end() && m_table.hashedNatively[at - m_table.columns.begin()];
    return pg::quoteIdentifier(column) + (natively ? "" : "::text");
}

// hash_record_extended() combines its columns' hashes linearly (h * 31 + next), so a sum of
// rows hashed with one seed is a sum of column hashes: two rows that swapped a value would
// leave it unchanged. Seeding each row's hash with its key makes every row's hash its own.
std::string TableQueries::rowHash() const
{
    std::string columns;
    for (const auto &column : m_table.columns)
        columns += (columns.empty() ? "" : ", ") + hashedColumn(column);
    std::string seed;
    if (m_table.hasIntegerKey()) {
        seed = pg::quoteIdentifier(m_table.keyColumns.front()) + "::bigint";
    } else {
        for (const auto &column : m_table.keyColumns)
            seed += (seed.empty() ? "" : ", ") + hashedColumn(column);
        seed = "hash_record_extended(ROW(" + seed + "), 0)";
    }
    return "hash_record_extended(ROW(" + columns + "), " + seed + ")";
}

std::string TableQueries::keyList() const
{
    std::string list;
    for (const auto &column : m_table.keyColumns)
        list += (list.empty() ? "" : ", ") + pg::quoteIdentifier(column);
    return list;
}

std::string TableQueries::keyTextList() const
{
    std::string list;
    for (const auto &column : m_table.keyColumns)
        list += (list.empty() ? "" : ", ") + pg::quoteIdentifier(column) + "::text";
    return list;
}

std::string TableQueries::keyTuple() const
{
    return "(" + keyList() + ")";
}

std::string TableQueries::keyLiteral(const Key &key, std::vector<std::string> &parameters) const
{
    std::string literal = "(";
    for (std::size_t i = 0; i < key.size(); ++i) {
        parameters.push_back(key[i]);
        literal +=
            (i ? ", $" : "$") + std::to_string(parameters.size()) + "::" + m_table.keyTypes[i];
    }
    return literal + ")";
}

std::string TableQueries::rangeCondition(const KeyRange &range,
                                         std::vector<std::string> &parameters) const
{
    std::string condition;
    if (range.after)
        condition = keyTuple() + " > " + keyLiteral(*range.after, parameters);
    if (range.upTo)
        condition += (condition.empty() ? "" : " AND ") + keyTuple() +
                     " <= " + keyLiteral(*range.upTo, parameters);
    return condition.empty() ? "" : " WHERE " + condition;
}

Query TableQueries::checksum(const KeyRange &range) const
{
    Query query;
    const std::string where = rangeCondition(range, query.parameters);
    query.sql = "SELECT count(*), COALESCE(sum(h), 0)::text FROM (SELECT " + rowHash() + " AS h" +
                from() + where + ") rows";
    return query;
}

std::string TableQueries::bucketSelect(long long origin, long long width) const
{
    const std::string key = pg::quoteIdentifier(m_table.keyColumns.front());
    const std::string start = std::to_string(origin);
    return "SELECT CASE WHEN " + key + " < " + start + " THEN -1 ELSE (" + key + "::bigint - " +
           start + ") / " + std::to_string(width) + " END AS b, count(*), COALESCE(sum(" +
           rowHash() + "), 0)::text" + from();
}

Query TableQueries::bucketChecksums(const KeyRange &range, long long origin, long long width) const
{
    Query query;
    const std::string where = rangeCondition(range, query.parameters);
    query.sql = bucketSelect(origin, width) + where + " GROUP BY b";
    return query;
}

Query TableQueries::bucketChecksumsInBlocks(long long first, std::optional<long long> end,
                                            long long origin, long long width) const
{
    std::string where;
    if (first > 0)
        where = "ctid >= '(" + std::to_string(first) + ",0)'::tid";
    if (end)
        where += (where.empty() ? "" : " AND ") + std::string("ctid < '(") + std::to_string(*end) +
                 ",0)'::tid";
    return {bucketSelect(origin, width) + (where.empty() ? "" : " WHERE " + where) + " GROUP BY b",
            {}};
}

Query TableQueries::blockCount() const
{
    return {"SELECT pg_relation_size(" +
                pg::quoteLiteral(pg::quoteQualifiedName(m_table.schema, m_table.name)) +
                "::regclass) / current_setting('block_size')::bigint",
            {}};
}

Query TableQueries::keyBounds() const
{
    const std::string key = pg::quoteIdentifier(m_table.keyColumns.front());
    return {"SELECT min(" + key + ")::text, max(" + key +
                ")::text, (SELECT reltuples::bigint "
                "FROM pg_class WHERE oid = " +
                pg::quoteLiteral(pg::quoteQualifiedName(m_table.schema, m_table.name)) +
                "::regclass)" + from(),
            {}};
}

Query TableQueries::splitPoints(const KeyRange &range, long long step) const
{
    Query query;
    const std::string where = rangeCondition(range, query.parameters);
    std::string outer;
    for (std::size_t i = 0; i < m_table.keyColumns.size(); ++i)
        outer += (i ? ", " : "") + std::string("k") + std::to_string(i);
    std::string inner;
    for (std::size_t i = 0; i < m_table.keyColumns.size(); ++i)
        inner +=
            pg::quoteIdentifier(m_table.keyColumns[i]) + "::text AS k" + std::to_string(i) + ", ";
    query.sql = "SELECT " + outer + " FROM (SELECT " + inner + "row_number() OVER (ORDER BY " +
                keyList() + ") AS n" + from() + where + ") numbered WHERE n % " +
                std::to_string(step) + " = 0 ORDER BY n";
    return query;
}

Query TableQueries::rowHashes(const KeyRange &range, bool withVersion) const
{
    Query query;
    const std::string where = rangeCondition(range, query.parameters);
    query.sql = "SELECT " + std::string(withVersion ? "xmin::text, " : "") + keyTextList() + ", " +
                rowHash() + from() + where + " ORDER BY " + keyList();
    return query;
}

Query TableQueries::rows(const std::vector<Key> &keys, bool withVersion) const
{
    Query query;
    std::string values;
    for (const auto &key : keys)
        values += (values.empty() ? "" : ", ") + keyLiteral(key, query.parameters);
    std::string json;
    for (const auto &column : m_table.columns)
        json += (json.empty() ? "" : ", ") + pg::quoteIdentifier(column);
    query.sql = "SELECT " + std::string(withVersion ? "xmin::text, " : "") + keyTextList() + ", " +
                rowText() + ", (SELECT to_jsonb(r) FROM (SELECT " + json + ") r)::text, " +
                rowHash() + from() + " WHERE " + keyTuple() + " IN (VALUES " + values + ")";
    return query;
}

} // namespace syncline::verify
