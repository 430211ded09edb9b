#include "confirm_sampler.h"

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

namespace syncline::test {

using namespace Qt::StringLiterals;

namespace {

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;

Connection connect(const QString &dsn)
{
    return Connection(PQconnectdb(dsn.toUtf8().constData()), &PQfinish);
}

// The one value a query returns as a byte position: nullopt when it returns no row or NULL;
// throws the server's message when it fails.
std::optional<quint64> queryLsn(PGconn *conn, const char *sql, const QStringList &parameters)
{
    std::vector<QByteArray> values;
    for (const auto &parameter : parameters)
        values.push_back(parameter.toUtf8());
    std::vector<const char *> pointers;
    for (const auto &value : values)
        pointers.push_back(value.constData());
    const std::unique_ptr<PGresult, decltype(&PQclear)> result(
        PQexecParams(conn, sql, int(pointers.size()), nullptr, pointers.data(), nullptr, nullptr,
                     0),
        &PQclear);
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK)
        throw std::runtime_error(PQerrorMessage(conn));
    if (PQntuples(result.get()) == 0 || PQgetisnull(result.get(), 0, 0))
        return std::nullopt;
    return QByteArray(PQgetvalue(result.get(), 0, 0)).toULongLong();
}

} // namespace

QString lsnText(quint64 lsn)
{
    return u"%1/%2"_s.arg(lsn >> 32, 0, 16).arg(lsn & 0xffffffffu, 0, 16).toUpper();
}

ConfirmSampler::ConfirmSampler(QString sourceDsn, QString slot, QList<SinkOffsets> sinks)
    : m_sourceDsn(std::move(sourceDsn)), m_slot(std::move(slot)), m_sinks(std::move(sinks))
{}

ConfirmSampler::~ConfirmSampler()
{
    stop();
}

void ConfirmSampler::start()
{
    m_stop = false;
    m_thread = std::thread([this] { run(); });
}

void ConfirmSampler::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

QList<ConfirmSample> ConfirmSampler::samples() const
{
    const std::lock_guard lock(m_mutex);
    return m_samples;
}

QString ConfirmSampler::error() const
{
    const std::lock_guard lock(m_mutex);
    return m_error;
}

void ConfirmSampler::run()
{
    const Connection source = connect(m_sourceDsn);
    std::vector<Connection> targets;
    for (const auto &sink : m_sinks)
        targets.push_back(connect(sink.dsn));
    try {
        while (!m_stop) {
            // The slot first, then the sinks. Both positions only grow, so a sink read later
            // is at least where it was when the slot was read: a transaction between a sink's
            // position and the slot's is one the slot had confirmed while that sink had not
            // committed it, a real violation. Read the other way round, a correct pipeline
            // would be flagged whenever a sink committed and the slot was confirmed between
            // the two reads. The price of this order: a violation that the sink closes between
            // the reads goes unseen, so many readings, and a sink held back for seconds.
            ConfirmSample sample;
            const auto confirmed = queryLsn(source.get(),
                                            "SELECT confirmed_flush_lsn - '0/0' "
                                            "FROM pg_replication_slots WHERE slot_name = $1",
                                            {m_slot});
            bool complete = confirmed.has_value();
            sample.confirmed = confirmed.value_or(0);
            for (std::size_t i = 0; i < targets.size(); ++i) {
                const auto committed = queryLsn(targets[i].get(),
                                                "SELECT lsn - '0/0' FROM syncline.offsets "
                                                "WHERE pipeline = $1 AND sink = $2",
                                                {m_sinks[int(i)].pipeline, m_sinks[int(i)].sink});
                complete = complete && committed.has_value();
                sample.committed.append(committed.value_or(0));
            }
            if (complete) {
                const std::lock_guard lock(m_mutex);
                m_samples.append(sample);
                ++m_count;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    } catch (const std::runtime_error &failure) {
        const std::lock_guard lock(m_mutex);
        m_error = QString::fromUtf8(failure.what());
    }
}

QString findConfirmPastSink(const QList<ConfirmSample> &samples, const QList<quint64> &commitEnds,
                            const QStringList &sinkNames)
{
    for (int index = 0; index < samples.size(); ++index) {
        const ConfirmSample &sample = samples[index];
        for (int sink = 0; sink < sample.committed.size(); ++sink) {
            const quint64 committed = sample.committed[sink];
            // The first transaction this sink had not committed.
            const auto next = std::upper_bound(commitEnds.begin(), commitEnds.end(), committed);
            if (next == commitEnds.end() || *next > sample.confirmed)
                continue;
            return u"reading %1 of %2: the slot was confirmed at %3, past the source transaction "
                   "ending at %4, but sink %5 had committed only up to %6"_s.arg(index + 1)
                       .arg(samples.size())
                       .arg(lsnText(sample.confirmed), lsnText(*next), sinkNames.value(sink),
                            lsnText(committed));
        }
    }
    return {};
}

} // namespace syncline::test
