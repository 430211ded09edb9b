#include "bench_mysql.h"

#include "bench_timing.h"
#include "bench_workload.h"
#include "contenders.h"
#include "mariadb_server.h"
#include "pg_cluster.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QTemporaryDir>

#include <stdexcept>

namespace syncline::bench {

using namespace Qt::StringLiterals;

namespace {

const int kMarker = 11;

// Runs a program to completion; throws with its output when it fails.
void run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(600000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0)
        throw std::runtime_error(program.toStdString() +
                                 " failed: " + QString::fromUtf8(process.readAll()).toStdString());
}

} // namespace

MysqlBench::MysqlBench(test::PgCluster &target, QString workDir, QString transport, int scale)
    : m_target(target), m_server(std::make_unique<test::MariaDbServer>(u"bench-mariadb"_s)),
      m_workDir(std::move(workDir)), m_transport(std::move(transport)), m_scale(scale)
{
    m_server->start();
}

MysqlBench::~MysqlBench() = default;

int MysqlBench::changes() const
{
    return 2000 / m_scale * BenchWorkload::kChangesPerTransaction;
}

// The MySQL database and the target database of a run share its name; the target gets the
// tables in a schema of that name too. The previous run's go first.
QString MysqlBench::freshDatabase(const QString &prefix)
{
    if (!m_previousDatabase.isEmpty()) {
        m_server->exec({}, u"DROP DATABASE "_s + m_previousDatabase);
        m_target.exec(u"postgres"_s, u"DROP DATABASE %1 WITH (FORCE)"_s.arg(m_previousDatabase));
    }
    const QString db = prefix + u'_' + QString::number(++m_runs);
    m_previousDatabase = db;
    m_server->exec({}, u"CREATE DATABASE "_s + db);
    m_server->exec(db, MysqlWorkload::schemaSql());
    m_target.createDatabase(db);
    return db;
}

// Before a timed run: InnoDB has purged the old row versions the updates and deletes left
// (its purge threads would otherwise run inside the drain, counted as the source's CPU), and
// the target has no dirty buffers to write.
void MysqlBench::settle()
{
    m_server->exec({}, u"SET GLOBAL innodb_max_purge_lag_wait = 0"_s);
    m_target.exec(u"postgres"_s, u"CHECKPOINT"_s);
}

Values MysqlBench::drain()
{
    const QString db = freshDatabase(u"mdrain"_s);
    auto c =
        makeMysqlSyncline(*m_server, m_target, m_workDir, m_transport, MysqlWorkload::tables());
    const int transactions = 2000 / m_scale;
    const DrainSteps steps{[&] {
                               for (int first = 0; first < transactions; first += 20) {
                                   QString batch;
                                   for (int i = first; i < std::min(transactions, first + 20); ++i)
                                       batch += MysqlWorkload::transactionSql(i);
                                   m_server->exec(db, batch);
                               }
                               m_server->exec(db, MysqlWorkload::markerSql(kMarker));
                           },
                           [&] { settle(); },
                           [&] {
                               verify(db, {u"accounts"_s, u"docs"_s});
                           }};
    return timeDrain(*c, m_target, db, db, kMarker, changes(), steps);
}

QString MysqlBench::freshLoadDatabase()
{
    const QString db = freshDatabase(u"mload"_s);
    m_server->exec(db, MysqlWorkload::loadSql(loadRows()));
    settle();
    return db;
}

double MysqlBench::initialLoad()
{
    const QString db = freshLoadDatabase();
    auto c =
        makeMysqlSyncline(*m_server, m_target, m_workDir, m_transport, MysqlWorkload::tables());
    QElapsedTimer timer;
    timer.start();
    c->start(db, true);
    waitReady(*c, db, "the initial copy");
    const double elapsed = seconds(timer);
    c->stop(db);
    verify(db, {u"accounts"_s});
    return loadRows() / elapsed;
}

Values MysqlBench::dumpLoad()
{
    const QString db = freshLoadDatabase();
    m_target.exec(db, MysqlWorkload::targetAccountsSql(db));
    // The server writes the file, as its own user: a directory it may write to.
    QTemporaryDir dumpDir(QDir::tempPath() + u"/syncline-bench-dump-XXXXXX"_s);
    QFile::setPermissions(dumpDir.path(), QFileDevice::Permissions(0x7777));
    QElapsedTimer timer;
    timer.start();
    run(u"mariadb-dump"_s, {u"--host=127.0.0.1"_s, u"--port=%1"_s.arg(m_server->port()),
                            u"--user=syncline"_s, u"--password=syncline"_s, u"--no-create-info"_s,
                            u"--tab="_s + dumpDir.path(), db, u"accounts"_s});
    const double dumped = seconds(timer);
    run(test::PgCluster::binDir() + u"/psql"_s,
        {u"-q"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-d"_s, m_target.dsn(db), u"-c"_s,
         u"\\copy %1.accounts FROM '%2/accounts.txt'"_s.arg(db, dumpDir.path())});
    const double loaded = seconds(timer);
    verify(db, {u"accounts"_s});
    return {loadRows() / loaded, loadRows() / dumped};
}

// In chunks of 10,000 ids: one MD5 of all 1,000,000 rows' MD5s would be a 32 MB GROUP_CONCAT,
// which MariaDB cuts at max_allowed_packet (16 MB) with only a warning. Both DIV and bigint's /
// round toward zero, so the chunks are the same on both sides.
QStringList MysqlBench::sourceDigest(const QString &db, const QString &table)
{
    return m_server
        ->query(db,
                u"SET SESSION group_concat_max_len = 1048576; "
                "SELECT IFNULL(SUM(n), 0), IFNULL(MD5(GROUP_CONCAT(c ORDER BY k SEPARATOR '')), "
                "'') FROM (SELECT id DIV 10000 AS k, COUNT(*) AS n, "
                "MD5(GROUP_CONCAT(h ORDER BY id SEPARATOR '')) AS c "
                "FROM (SELECT id, MD5(%1) AS h FROM %2) r GROUP BY k) chunks"_s.arg(
                    MysqlWorkload::rowText(table, true), table))
        .value(0);
}

QStringList MysqlBench::targetDigest(const QString &db, const QString &table)
{
    return m_target
        .query(db, u"SELECT coalesce(sum(n), 0), coalesce(md5(string_agg(c, '' ORDER BY k)), '') "
                   "FROM (SELECT id / 10000 AS k, count(*) AS n, "
                   "md5(string_agg(h, '' ORDER BY id)) AS c "
                   "FROM (SELECT id, md5(%1) AS h FROM %2.%3) r GROUP BY k) chunks"_s.arg(
                       MysqlWorkload::rowText(table, false), db, table))
        .value(0);
}

void MysqlBench::verify(const QString &db, const QStringList &tables)
{
    for (const auto &table : tables)
        if (sourceDigest(db, table) != targetDigest(db, table))
            throw std::runtime_error("target differs from source: " +
                                     describeDifference(db, table).toStdString());
}

// Which ids are missing on the target, extra there, or hold other values.
QString MysqlBench::describeDifference(const QString &db, const QString &table)
{
    QHash<QString, QString> sourceRows;
    for (const auto &row : m_server->query(
             db, u"SELECT id, MD5(%1) FROM %2"_s.arg(MysqlWorkload::rowText(table, true), table)))
        sourceRows.insert(row.value(0), row.value(1));
    QStringList extra, differing;
    qsizetype targetCount = 0;
    for (const auto &row :
         m_target.query(db, u"SELECT id, md5(%1) FROM %2.%3"_s.arg(
                                MysqlWorkload::rowText(table, false), db, table))) {
        ++targetCount;
        const auto found = sourceRows.constFind(row.value(0));
        if (found == sourceRows.constEnd())
            extra << row.value(0);
        else if (found.value() != row.value(1))
            differing << row.value(0);
        if (found != sourceRows.constEnd())
            sourceRows.erase(found);
    }
    const QStringList missing = sourceRows.keys();
    if (missing.isEmpty() && extra.isEmpty() && differing.isEmpty())
        return table + u": the digests differ, but no row does (the digest queries disagree)"_s;
    return u"%1: %2 rows on the source, %3 on the target; %4 missing on the target (ids %5), %6 "
           "extra (%7), %8 with other values (%9)"_s.arg(table)
               .arg(qsizetype(missing.size() + targetCount - extra.size()))
               .arg(targetCount)
               .arg(missing.size())
               .arg(missing.mid(0, 5).join(u", "_s))
               .arg(extra.size())
               .arg(extra.mid(0, 5).join(u", "_s))
               .arg(differing.size())
               .arg(differing.mid(0, 5).join(u", "_s));
}

} // namespace syncline::bench
