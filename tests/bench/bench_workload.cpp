#include "bench_workload.h"

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

QString BenchWorkload::changesSql(int index)
{
    // Transaction k inserts ids (70k, 70k+70]; updates rows of k-1 and deletes rows of k-2
    // (the first two transactions update and delete their own rows instead).
    const long base = long(index) * 70;
    const long previous = index >= 1 ? base - 70 : base;
    const long accountsGone = index >= 2 ? base - 140 + 40 : base + 30;
    const long docsGone = index >= 2 ? base - 140 + 68 : base + 66;
    return u"INSERT INTO accounts SELECT g, 'owner ' || g, g * 1.25, ARRAY[g %% 7, g %% 11], now() "
           "  FROM generate_series(%1 + 1, %1 + 50) g;"
           "INSERT INTO docs SELECT g, 1, repeat(md5(g::text), 80) FROM generate_series(%1 + 51, "
           "%1 + 70) g;"
           "UPDATE accounts SET balance = balance + 1, updated_at = now() WHERE id BETWEEN %2 + 1 "
           "AND %2 + 15;"
           "UPDATE docs SET version = version + 1 WHERE id BETWEEN %2 + 51 AND %2 + 55;"
           "DELETE FROM accounts WHERE id BETWEEN %3 + 1 AND %3 + 8;"
           "DELETE FROM docs WHERE id BETWEEN %4 + 1 AND %4 + 2;"_s.arg(base)
               .arg(previous)
               .arg(accountsGone)
               .arg(docsGone)
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

} // namespace syncline::bench
