#pragma once

#include <QString>

#include <atomic>
#include <thread>

namespace syncline::test {

// A concurrent writer for the tables created by Workload::createTables(): transactions of 1 to
// 10 random inserts, updates (some of the TOASTed column, some of the key) and deletes on
// `items`, plus append-only rows in `ledger` (no key, REPLICA IDENTITY FULL), where a change
// applied twice shows up as a duplicate row. Survives server restarts by reconnecting.
class Workload
{
public:
    // pauseMs: a pause after each transaction, for a gentler pace.
    Workload(QString dsn, unsigned seed, int pauseMs = 0);
    ~Workload();

    static QString createTablesSql();
    static QStringList tables();

    void start();
    void stop(); // returns after the current transaction
    long long committedTransactions() const { return m_committed.load(); }

private:
    void run();

    QString m_dsn;
    unsigned m_seed;
    int m_pauseMs;
    std::atomic<bool> m_stop{false};
    std::atomic<long long> m_committed{0};
    std::thread m_thread;
};

} // namespace syncline::test
