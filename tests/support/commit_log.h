#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace syncline::test {

class PgCluster;

// A test_decoding slot beside a pipeline's: from its creation on, it keeps every transaction the
// source database commits, so a test can ask afterwards where each of them ended.
class CommitLog
{
public:
    // Creates the slot; throws PgError.
    CommitLog(PgCluster &source, QString db, QString slot);
    ~CommitLog(); // drops the slot
    CommitLog(const CommitLog &) = delete;
    CommitLog &operator=(const CommitLog &) = delete;

    // The end LSNs (byte positions) of the transactions that changed any of these tables
    // ("public.items"), ascending. Throws PgError.
    QList<quint64> commitEnds(const QStringList &tables);

private:
    PgCluster &m_source;
    QString m_db;
    QString m_slot;
};

} // namespace syncline::test
