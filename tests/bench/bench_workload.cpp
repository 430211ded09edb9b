#include "bench_workload.h"

#include <QHash>

namespace syncline::bench {

using namespace Qt::StringLiterals;

QString BenchWorkload::schemaSql()
{
    return u"CREATE TABLE accounts (id bigint PRIMARY KEY, owner text NOT NULL, balance "
           u"numeric(14,2), "
           "  flags int[], updated_at timestamptz);"
           "CREATE TABLE docs (id bigint PRIMARY KEY, version int NOT NULL, body text);"
           "ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL;"
           "CREATE TABLE marker (id int PRIMARY KEY);"
           "CREATE TABLE latency (id int PRIMARY KEY, committed_at timestamptz NOT NULL);"_s;
}

QStringList BenchWorkload::tables()
{
    return {u"public.accounts"_s, u"public.docs"_s, u"public.marker"_s, u"public.latency"_s};
}

QString BenchWorkload::transactionSql(int index)
{
    return u"BEGIN;"_s + changesSql(index) + u"COMMIT;"_s;
}

QString BenchWorkload::largeTransactionSql(int transactions)
{
    QString sql = u"BEGIN;"_s;
    for (int i = 0; i < transactions; ++i)
        sql += changesSql(i);
    return sql + u"COMMIT;"_s;
}

namespace {

// Transaction k inserts ids (70k, 70k+70]; updates rows of k-1 and deletes rows of k-2 (the first
// two transactions update and delete their own rows instead). The ids below are the ones before
// each range: accounts insert base+1..+50, docs base+51..+70; updates touch accounts
// previous+1..+15 and docs previous+51..+55; deletes accounts gone+1..+8, docs docsGone+1..+2.
struct ChangeIds
{
    explicit ChangeIds(int index)
        : base(long(index) * 70), previous(index >= 1 ? base - 70 : base),
          accountsGone(index >= 2 ? base - 140 + 40 : base + 30),
          docsGone(index >= 2 ? base - 140 + 68 : base + 66)
    {}
    long base;
    long previous;
    long accountsGone;
    long docsGone;
};

} // namespace

QString BenchWorkload::changesSql(int index)
{
    const ChangeIds ids(index);
    return u"INSERT INTO accounts SELECT g, 'owner ' || g, g * 1.25, ARRAY[g %% 7, g %% 11], now() "
           "  FROM generate_series(%1 + 1, %1 + 50) g;"
           "INSERT INTO docs SELECT g, 1, repeat(md5(g::text), 80) FROM generate_series(%1 + 51, "
           "%1 + 70) g;"
           "UPDATE accounts SET balance = balance + 1, updated_at = now() WHERE id BETWEEN %2 + 1 "
           "AND %2 + 15;"
           "UPDATE docs SET version = version + 1 WHERE id BETWEEN %2 + 51 AND %2 + 55;"
           "DELETE FROM accounts WHERE id BETWEEN %3 + 1 AND %3 + 8;"
           "DELETE FROM docs WHERE id BETWEEN %4 + 1 AND %4 + 2;"_s.arg(ids.base)
               .arg(ids.previous)
               .arg(ids.accountsGone)
               .arg(ids.docsGone)
               .replace(u"%%"_s, u"%"_s);
}

QString BenchWorkload::markerSql(int value)
{
    // Also one row in each changed table, in the same transaction: through Kafka every table is
    // its own topic, and these rows arriving show that each topic has been applied this far.
    return u"INSERT INTO marker VALUES (%1);"
           "INSERT INTO accounts (id, owner) VALUES (-%1, 'marker');"
           "INSERT INTO docs (id, version) VALUES (-%1, 0);"_s.arg(value);
}

QString MysqlWorkload::schemaSql()
{
    return u"CREATE TABLE accounts (id bigint PRIMARY KEY, owner varchar(100) NOT NULL, "
           "  balance decimal(14,2), flags varchar(40), updated_at datetime(6));"
           "CREATE TABLE docs (id bigint PRIMARY KEY, version int NOT NULL, body mediumtext);"
           "CREATE TABLE marker (id int PRIMARY KEY);"_s;
}

QStringList MysqlWorkload::tables()
{
    return {u"accounts"_s, u"docs"_s, u"marker"_s};
}

QString MysqlWorkload::transactionSql(int index)
{
    const ChangeIds ids(index);
    auto seq = [](long after, int count) {
        return u"seq_%1_to_%2"_s.arg(after + 1).arg(after + count);
    };
    return u"BEGIN;"
           "INSERT INTO accounts SELECT seq, CONCAT('owner ', seq), seq * 1.25, "
           "  CONCAT('{', seq %% 7, ',', seq %% 11, '}'), NOW(6) FROM %1;"
           "INSERT INTO docs SELECT seq, 1, REPEAT(MD5(seq), 80) FROM %2;"
           "UPDATE accounts SET balance = balance + 1, updated_at = NOW(6) WHERE id BETWEEN %3 + 1 "
           "AND %3 + 15;"
           "UPDATE docs SET version = version + 1 WHERE id BETWEEN %3 + 51 AND %3 + 55;"
           "DELETE FROM accounts WHERE id BETWEEN %4 + 1 AND %4 + 8;"
           "DELETE FROM docs WHERE id BETWEEN %5 + 1 AND %5 + 2;"
           "COMMIT;"_s.arg(seq(ids.base, 50), seq(ids.base + 50, 20))
               .arg(ids.previous)
               .arg(ids.accountsGone)
               .arg(ids.docsGone)
               .replace(u"%%"_s, u"%"_s);
}

QString MysqlWorkload::markerSql(int value)
{
    return u"BEGIN;"_s + BenchWorkload::markerSql(value) + u"COMMIT;"_s;
}

QString MysqlWorkload::loadSql(int rows)
{
    return u"INSERT INTO accounts SELECT seq, CONCAT('owner number ', seq, ' ', MD5(seq)), "
           "seq * 1.25, CONCAT('{', seq %% 7, ',', seq %% 11, ',', seq %% 13, '}'), NOW(6) "
           "FROM seq_1_to_%1"_s.arg(rows)
               .replace(u"%%"_s, u"%"_s);
}

QString MysqlWorkload::targetAccountsSql(const QString &schema)
{
    return u"CREATE SCHEMA %1; CREATE TABLE %1.accounts (id bigint PRIMARY KEY, owner text NOT "
           "NULL, balance numeric(14,2), flags text, updated_at timestamp(6) without time zone)"_s
               .arg(schema);
}

// NULL prints as `~`, which no value here is; both sides print times with six digits.
QString MysqlWorkload::rowText(const QString &table, bool mysql)
{
    // A column's name, `?` after it when it may be NULL, `@` when it is a time.
    static const QHash<QString, QStringList> columns{
        {u"accounts"_s, {u"id"_s, u"owner"_s, u"balance?"_s, u"flags?"_s, u"updated_at@"_s}},
        {u"docs"_s, {u"id"_s, u"version"_s, u"body?"_s}},
        {u"marker"_s, {u"id"_s}}};
    QStringList values;
    for (QString column : columns.value(table)) {
        const bool time = column.endsWith(u'@');
        const bool nullable = time || column.endsWith(u'?');
        if (nullable)
            column.chop(1);
        if (time)
            column = mysql ? u"DATE_FORMAT(%1, '%Y-%m-%d %H:%i:%s.%f')"_s.arg(column)
                           : u"to_char(%1, 'YYYY-MM-DD HH24:MI:SS.US')"_s.arg(column);
        else if (nullable && !mysql)
            column += u"::text"_s;
        values << (nullable ? u"coalesce(%1, '~')"_s.arg(column) : column);
    }
    return u"concat_ws('|', "_s + values.join(u", "_s) + u')';
}

} // namespace syncline::bench
