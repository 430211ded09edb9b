// A message Kafka failed must not leave a hole that later messages landed behind: sinks skip
// the positions they have seen, so when the session produces the failed message again (from
// the slot, which was not confirmed past it), it would be skipped. Every transaction here is
// one insert, so any hole is a missing row.

#include "kafka_mock.h"
#include "kafka_pipeline.h"
#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "server_test.h"

#include <QTest>
#include <QThread>

#include <libpq-fe.h>

#include <atomic>
#include <thread>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

// Inserts 1, 2, 3, ... one per transaction until stopped.
class Inserter
{
public:
    explicit Inserter(const QString &dsn)
        : m_thread([this, dsn = dsn.toStdString()] {
              PGconn *conn = PQconnectdb(dsn.c_str());
              for (int n = 1; !m_stop; ++n) {
                  const std::string sql = "INSERT INTO seq VALUES (" + std::to_string(n) + ")";
                  PQclear(PQexec(conn, sql.c_str()));
                  std::this_thread::sleep_for(std::chrono::milliseconds(2));
              }
              PQfinish(conn);
          })
    {}
    ~Inserter() { stop(); }
    void stop()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }

private:
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

} // namespace

class TestKafkaProducerGaps : public ServerTest
{
    Q_OBJECT

private slots:
    void failedMessageLeavesNoGap_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("error");
        QTest::addColumn<int>("delayMs");
        QTest::addColumn<QString>("properties");
        // Not retriable: the batch fails for good (87 INVALID_RECORD).
        QTest::newRow("permanent error") << u"kgapfail"_s << 87 << 0 << QString();
        // Retriable (19 NOT_ENOUGH_REPLICAS), but answered after the messages' timeout.
        QTest::newRow("timed out")
            << u"kgaptime"_s << 19 << 1500 << u"    message.timeout.ms: 500\n"_s;
    }

    void failedMessageLeavesNoGap()
    {
        QFETCH(QString, name);
        QFETCH(int, error);
        QFETCH(int, delayMs);
        QFETCH(QString, properties);
        KafkaMockCluster kafka;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = kafkaPipeline(name, kafka, 1, 5000,
                                            u"CREATE TABLE seq (n int PRIMARY KEY)"_s,
                                            {u"public.seq"_s}, properties));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        Inserter inserter(f->source().dsn(f->db));
        for (int round = 0; round < 3; ++round) {
            QThread::msleep(1500);
            kafka.failProduceRequests(1, error, delayMs);
        }
        QThread::msleep(2000);
        inserter.stop();
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(60000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        qInfo("%s rows", qPrintable(f->source().queryValue(f->db, u"SELECT count(*) FROM seq"_s)));
    }
};

QTEST_GUILESS_MAIN(TestKafkaProducerGaps)
#include "tst_kafka_producer_gaps.moc"
