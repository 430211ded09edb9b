#include "bench_mask.h"

#include "pg_cluster.h"

#include <QHash>

#include <stdexcept>

namespace syncline::bench {

using namespace Qt::StringLiterals;

namespace {

// Fixed keys for a benchmark; a real pipeline reads them from its secrets the same way. The
// tokenize key is 64 hexadecimal digits, so it is the AES-256 key itself.
const char kHashKeyVariable[] = "SYNCLINE_BENCH_HASH_KEY";
const QByteArray kHashKey = "maskdrain hash key";
const char kTokenKeyVariable[] = "SYNCLINE_BENCH_TOKEN_KEY";
const QByteArray kTokenKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

const int kTruncatedHash = 16; // step 4
const int kPartialKeep = 4;    // step 3

// The same text on both servers whatever their settings (flags and updated_at print by them).
const QString kFixedSettings = u"SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; "
                               "SET extra_float_digits = 3; "_s;

// {row count, MD5 of the unmasked columns of every row in id order}.
QStringList unmaskedDigest(test::PgCluster &cluster, const QString &db, const QString &table,
                           const QString &columns)
{
    const auto rows = cluster.query(
        db, kFixedSettings + u"SELECT count(*), md5(coalesce(string_agg((%1)::text, ',' "
                             "ORDER BY id), '')) FROM (SELECT %1 FROM %2) t"_s.arg(columns, table));
    return rows.value(0);
}

// id -> the first column after it.
QHash<QString, QString> byId(test::PgCluster &cluster, const QString &db, const QString &sql)
{
    QHash<QString, QString> values;
    for (const auto &row : cluster.query(db, sql))
        values.insert(row.value(0), row.value(1));
    return values;
}

QString tableDifference(test::PgCluster &source, test::PgCluster &target, const QString &db,
                        const QString &table, const QString &unmaskedColumns)
{
    const QStringList from = unmaskedDigest(source, db, table, unmaskedColumns);
    const QStringList to = unmaskedDigest(target, db, table, unmaskedColumns);
    if (from.value(0) != to.value(0))
        return u"%1: %2 rows on the source, %3 on the target"_s.arg(table, from.value(0),
                                                                    to.value(0));
    if (from.value(1) != to.value(1))
        return u"%1: the unmasked columns (%2) differ from the source's"_s.arg(table,
                                                                               unmaskedColumns);
    return {};
}

// Step 1 then 4: every body is the first 16 hex digits of its HMAC-SHA-256.
QString bodyDifference(test::PgCluster &source, test::PgCluster &target, const QString &db)
{
    source.exec(db, u"CREATE EXTENSION IF NOT EXISTS pgcrypto"_s);
    const auto expected =
        byId(source, db,
             u"SELECT id, left(encode(hmac(body, '%1', 'sha256'), 'hex'), %2) FROM docs"_s.arg(
                 QString::fromLatin1(kHashKey), QString::number(kTruncatedHash)));
    // At most 64 characters of each: an unmasked body is 2,560.
    const auto found = byId(target, db, u"SELECT id, left(body, 64) FROM docs"_s);
    int wrong = 0;
    QString example;
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const QString value = found.value(it.key());
        if (value == it.value() && value.isNull() == it.value().isNull())
            continue;
        if (++wrong == 1)
            example = u"id %1 has '%2', expected '%3'"_s.arg(it.key(), value.left(40), it.value());
    }
    if (wrong > 0)
        return u"docs.body: %1 of %2 rows are not the source's body hashed and cut to %3 (%4)"_s
            .arg(wrong)
            .arg(expected.size())
            .arg(kTruncatedHash)
            .arg(example);
    return {};
}

// Step 2 then 3: every owner is as long as the source's, '*' but its last 4 characters, and
// those are the token's: equal to the source's only by chance.
QString ownerDifference(test::PgCluster &source, test::PgCluster &target, const QString &db)
{
    const auto raw = byId(source, db, u"SELECT id, owner FROM accounts"_s);
    const auto masked = byId(target, db, u"SELECT id, owner FROM accounts"_s);
    int equal = 0, malformed = 0, sameTail = 0;
    QString example;
    for (auto it = raw.cbegin(); it != raw.cend(); ++it) {
        const QString value = masked.value(it.key());
        const qsizetype stars = it.value().size() - kPartialKeep;
        if (value == it.value())
            ++equal;
        else if (value.size() != it.value().size() || value.left(stars) != QString(stars, u'*'))
            ++malformed;
        else if (value.right(kPartialKeep) == it.value().right(kPartialKeep))
            ++sameTail;
        else
            continue;
        if (example.isEmpty())
            example = u"id %1: '%2' from '%3'"_s.arg(it.key(), value, it.value());
    }
    if (equal > 0 || malformed > 0 || sameTail * 100 > raw.size())
        return u"accounts.owner: of %1 rows, %2 equal the source's value, %3 are not '*' but "
               "the last %4 characters, %5 keep the source's last %4 (e.g. %6)"_s.arg(raw.size())
                   .arg(equal)
                   .arg(malformed)
                   .arg(kPartialKeep)
                   .arg(sameTail)
                   .arg(example);
    return {};
}

} // namespace

QString MaskChain::transformsYaml()
{
    qputenv(kHashKeyVariable, kHashKey);
    qputenv(kTokenKeyVariable, kTokenKey);
    return u"transforms:\n"
           "  - type: mask\n"
           "    columns: [\"public.docs.body\"]\n"
           "    with: hash\n"
           "    key: ${%1}\n"
           "  - type: mask\n"
           "    columns: [\"*.owner\"]\n"
           "    with: tokenize\n"
           "    key: ${%2}\n"
           "  - type: mask\n"
           "    columns: [\"accounts.owner\"]\n"
           "    with: partial\n"
           "    keep: %3\n"
           "  - type: mask\n"
           "    columns: [\"docs.body\"]\n"
           "    with: truncate\n"
           "    keep: %4\n"_s
               .arg(QString::fromLatin1(kHashKeyVariable), QString::fromLatin1(kTokenKeyVariable))
               .arg(kPartialKeep)
               .arg(kTruncatedHash);
}

QString MaskChain::difference(test::PgCluster &source, test::PgCluster &target, const QString &db)
{
    QStringList found;
    for (const QString &difference :
         {tableDifference(source, target, db, u"accounts"_s, u"id, balance, flags, updated_at"_s),
          tableDifference(source, target, db, u"docs"_s, u"id, version"_s),
          bodyDifference(source, target, db), ownerDifference(source, target, db)})
        if (!difference.isEmpty())
            found << difference;
    return found.join(u"; "_s);
}

void MaskChain::check(test::PgCluster &source, test::PgCluster &target, const QString &db,
                      bool masked)
{
    const QString found = difference(source, target, db);
    if (masked && !found.isEmpty())
        throw std::runtime_error("target not masked as configured: " + found.toStdString());
    if (!masked && found.isEmpty())
        throw std::runtime_error("the masking check finds nothing wrong with an unmasked target");
}

} // namespace syncline::bench
