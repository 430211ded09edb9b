#include "commit_log.h"

#include "pg_cluster.h"

namespace syncline::test {

using namespace Qt::StringLiterals;

namespace {

QString quoted(QString text)
{
    return u'\'' + text.replace(u'\'', u"''"_s) + u'\'';
}

} // namespace

CommitLog::CommitLog(PgCluster &source, QString db, QString slot)
    : m_source(source), m_db(std::move(db)), m_slot(std::move(slot))
{
    m_source.exec(m_db, u"SELECT pg_create_logical_replication_slot(%1, 'test_decoding')"_s.arg(
                            quoted(m_slot)));
}

CommitLog::~CommitLog()
{
    try {
        m_source.exec(m_db, u"SELECT pg_drop_replication_slot(%1)"_s.arg(quoted(m_slot)));
    } catch (const PgError &) {
        // The server is gone already; so is the slot, with the cluster.
    }
}

QList<quint64> CommitLog::commitEnds(const QStringList &tables)
{
    QStringList names;
    for (const auto &table : tables)
        names.append(quoted(table));
    // test_decoding writes "table public.items: INSERT: ..." for each change and puts the end of
    // the commit record in the COMMIT row's lsn.
    const auto rows = m_source.query(
        m_db, u"WITH c AS MATERIALIZED ("
              "  SELECT lsn, xid, data FROM pg_logical_slot_peek_changes(%1, NULL, NULL)) "
              "SELECT lsn - '0/0' FROM c WHERE data LIKE 'COMMIT%' AND xid IN ("
              "  SELECT xid FROM c WHERE substring(data FROM '^table ([^:]+):') = ANY (ARRAY[%2])) "
              "ORDER BY lsn"_s.arg(quoted(m_slot), names.join(u", "_s)));
    QList<quint64> ends;
    for (const auto &row : rows)
        ends.append(row.constFirst().toULongLong());
    return ends;
}

} // namespace syncline::test
