#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <mutex>
#include <thread>

namespace syncline::test {

// Where a sink records what it has committed: its row of syncline.offsets in its database.
struct SinkOffsets
{
    QString dsn;
    QString pipeline;
    QString sink;
};

// One reading: the slot's confirmed_flush_lsn, read first, then each sink's committed LSN in the
// order the sinks were given. LSNs as byte positions.
struct ConfirmSample
{
    quint64 confirmed = 0;
    QList<quint64> committed;
};

// Reads a pipeline's confirmed position and its sinks' committed positions on its own thread,
// over and over (every few milliseconds) from start() to stop(). Readings taken before every sink
// has a position are left out.
class ConfirmSampler
{
public:
    ConfirmSampler(QString sourceDsn, QString slot, QList<SinkOffsets> sinks);
    ~ConfirmSampler();
    ConfirmSampler(const ConfirmSampler &) = delete;
    ConfirmSampler &operator=(const ConfirmSampler &) = delete;

    void start();
    void stop();
    int sampleCount() const { return m_count.load(); }
    QList<ConfirmSample> samples() const;
    QString error() const; // the first query that failed; sampling stopped there

private:
    void run();

    QString m_sourceDsn;
    QString m_slot;
    QList<SinkOffsets> m_sinks;
    mutable std::mutex m_mutex;
    QList<ConfirmSample> m_samples;
    QString m_error;
    std::atomic<int> m_count{0};
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

// The first reading in which the slot is confirmed past a source transaction that a sink had not
// committed yet, described; empty when there is none. commitEnds: the end LSNs of the source's
// transactions, ascending (a sink's position is the end of the last transaction it committed).
QString findConfirmPastSink(const QList<ConfirmSample> &samples, const QList<quint64> &commitEnds,
                            const QStringList &sinkNames);

// "16/B374D848", as PostgreSQL writes an LSN.
QString lsnText(quint64 lsn);

} // namespace syncline::test
