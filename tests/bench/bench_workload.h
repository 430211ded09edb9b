#pragma once

#include <QString>
#include <QStringList>

namespace syncline::bench {

// The benchmark's tables and the writes it times, as SQL, identical for every contender.
struct BenchWorkload
{
    static QString schemaSql();  // accounts, docs (TOASTed body), marker, latency
    static QStringList tables(); // what a pipeline or publication captures
    // 100 changes: 70% inserts, 20% updates (some leaving TOAST unchanged), 10% deletes.
    static QString transactionSql(int index);
    // The same changes as transactions 0 .. transactions-1, in ONE source transaction.
    static QString largeTransactionSql(int transactions);
    // The statements of transaction `index`, without BEGIN and COMMIT.
    static QString changesSql(int index);
    static constexpr int kChangesPerTransaction = 100;
    static QString markerSql(int value); // a final row whose arrival means "caught up"
};

// The same tables and changes in MariaDB's SQL, for the MariaDB source: accounts (flags as
// text, MySQL has no arrays), docs (body MEDIUMTEXT), marker. Rows come from the SEQUENCE
// engine's seq_N_to_M tables where PostgreSQL has generate_series.
struct MysqlWorkload
{
    static QString schemaSql();
    static QStringList tables(); // unqualified: the pipeline names them in the run's database
    static QString transactionSql(int index); // BenchWorkload::changesSql(index)'s changes
    static QString markerSql(int value);      // BenchWorkload::markerSql's rows, in one transaction
    // rows accounts rows with ids 1 .. rows, as the initial load's table.
    static QString loadSql(int rows);
    // The target's accounts table as Syncline creates it from the source's, for a load by hand.
    static QString targetAccountsSql(const QString &schema);
    // A row's text, to be hashed: the same text from MariaDB's row (mysql) and from the target's.
    static QString rowText(const QString &table, bool mysql);
};

} // namespace syncline::bench
