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

} // namespace syncline::bench
