#include "table_compare.h"

#include "pg_cluster.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QThread>

namespace syncline::test {

using namespace Qt::StringLiterals;

namespace {

// Every setting that changes a value's text is fixed, so a row prints the same on both servers
// whatever their defaults; rows are hashed as UTF-8 so the databases' encodings may differ.
const QString kFixedSettings =
    u"SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres'; "
    "SET extra_float_digits = 3; SET bytea_output = 'hex'; SET lc_monetary = 'C'; "
    "SET client_encoding = 'UTF8'; "_s;

QString digestSql(const QString &table)
{
    return kFixedSettings +
           u"SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), '') "
           "FROM (SELECT md5(convert_to(t::text, 'UTF8')) AS h FROM %1 t) rows"_s.arg(table);
}

QStringList rowTexts(PgCluster &cluster, const QString &db, const QString &table)
{
    QStringList texts;
    for (const auto &row :
         cluster.query(db, kFixedSettings +
                               u"SELECT t::text FROM %1 t ORDER BY 1 LIMIT 1000000"_s.arg(table)))
        texts << row.value(0);
    return texts;
}

// The rows of `rows` that `other` lacks, counting duplicates, in their order. Linear: removing
// row by row from a list moved the rest of it each time, minutes for a 300,000-row table.
QStringList rowsMissingFrom(const QStringList &other, const QStringList &rows)
{
    QHash<QString, int> available;
    for (const auto &row : other)
        ++available[row];
    QStringList missing;
    for (const auto &row : rows) {
        const auto found = available.find(row);
        if (found != available.end() && found.value() > 0)
            --found.value();
        else
            missing << row;
    }
    return missing;
}

QString describeDifference(const QStringList &sourceRows, const QStringList &targetRows)
{
    const QStringList missing = rowsMissingFrom(targetRows, sourceRows);
    const QStringList extra = rowsMissingFrom(sourceRows, targetRows);
    QString text = u"%1 rows on the source, %2 on the target; %3 missing on the target, %4 extra"_s
                       .arg(sourceRows.size())
                       .arg(targetRows.size())
                       .arg(missing.size())
                       .arg(extra.size());
    for (const auto &row : missing.mid(0, 3))
        text += u"\n  missing: "_s + row.left(200);
    for (const auto &row : extra.mid(0, 3))
        text += u"\n  extra:   "_s + row.left(200);
    return text;
}

} // namespace

QString compareTable(PgCluster &source, const QString &sourceDb, PgCluster &target,
                     const QString &targetDb, const QString &table)
{
    const auto sourceDigest = source.query(sourceDb, digestSql(table)).value(0);
    QStringList targetDigest;
    try {
        targetDigest = target.query(targetDb, digestSql(table)).value(0);
    } catch (const PgError &error) {
        return table + u": cannot read the target: "_s + QString::fromUtf8(error.what());
    }
    if (sourceDigest == targetDigest)
        return {};
    return table + u": "_s +
           describeDifference(rowTexts(source, sourceDb, table), rowTexts(target, targetDb, table));
}

QString waitUntilTablesMatch(PgCluster &source, const QString &sourceDb, PgCluster &target,
                             const QString &targetDb, const QStringList &tables, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    QString difference;
    for (;;) {
        difference.clear();
        for (const auto &table : tables) {
            difference = compareTable(source, sourceDb, target, targetDb, table);
            if (!difference.isEmpty())
                break;
        }
        if (difference.isEmpty() || timer.elapsed() > timeoutMs)
            return difference;
        QThread::msleep(200);
    }
}

} // namespace syncline::test
