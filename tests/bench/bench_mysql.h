#pragma once

#include "bench_report.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace syncline::test {
class MariaDbServer;
class PgCluster;
} // namespace syncline::test

namespace syncline::bench {

// The MariaDB source's workloads, into the PostgreSQL target: a throw-away MariaDB server of its
// own (the integration tests' harness), a database on each side for each run.
class MysqlBench
{
public:
    MysqlBench(test::PgCluster &target, QString workDir, QString transport, int scale);
    ~MysqlBench();

    // mysqldrain: the drain's 2,000 / scale transactions of 100 changes (MysqlWorkload), written
    // while the pipeline is stopped, then timed until the marker arrives, then every row of
    // accounts and docs checked: drainFigures().
    Values drain();
    // mysqlload: Syncline's initial snapshot of loadRows() rows: {rows/s}.
    double initialLoad();
    // The same rows by hand: `mariadb-dump --tab` (the server writes them as tab-separated text,
    // PostgreSQL's COPY text format) then psql's \copy into a table made like Syncline's:
    // {rows/s dump and \copy, rows/s of the dump alone}.
    Values dumpLoad();
    int loadRows() const { return 1000000 / m_scale; }
    int changes() const;

private:
    QString freshDatabase(const QString &prefix);
    QString freshLoadDatabase();
    void settle();
    // Throws when a table of the target's schema db differs from the source's, row by row.
    void verify(const QString &db, const QStringList &tables);
    // {row count, MD5 of every row's MD5 in id order} of table on each side.
    QStringList sourceDigest(const QString &db, const QString &table);
    QStringList targetDigest(const QString &db, const QString &table);
    QString describeDifference(const QString &db, const QString &table);

    test::PgCluster &m_target;
    std::unique_ptr<test::MariaDbServer> m_server;
    QString m_workDir;
    QString m_transport;
    int m_scale;
    int m_runs = 0;
    QString m_previousDatabase;
};

} // namespace syncline::bench
