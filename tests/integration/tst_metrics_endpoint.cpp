// `syncline run` with metrics: listen serves /metrics in Prometheus' text format while it runs,
// scraped here over a plain socket: counters rise after a burst; while a sink is held at a
// lock the slot lag and the time lag grow, and they fall back once it is released; the slot's
// wal_status is there; the state gauge says streaming; and on an idle source the heartbeat
// keeps moving the time of the newest source event. Bad listen addresses exit with 2.

#include "metrics_scrape.h"
#include "pg_cluster.h"
#include "pipeline_fixture.h"

#include <QRegularExpression>
#include <QTest>

#include <libpq-fe.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <limits>

using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestMetricsEndpoint : public QObject
{
    Q_OBJECT

private:
    int m_port = 0;
    PipelineFixture *m_fixture = nullptr;

    // Starts the runner with metrics on a free port (port 0; the runner logs which).
    QString startWithMetrics(PipelineFixture &f)
    {
        m_fixture = &f;
        f.setTopLevel(u"metrics:\n  listen: \"127.0.0.1:0\"\n"_s);
        if (const QString problem = f.startStreaming(); !problem.isEmpty())
            return problem;
        const QRegularExpression served(
            u"serving Prometheus metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics"_s);
        const auto match = served.match(f.runner.output());
        if (!match.hasMatch())
            return u"no metrics endpoint in the output:\n"_s + f.runner.outputTail();
        m_port = match.captured(1).toInt();
        return {};
    }
    QString scrape() { return httpGet(m_port, "/metrics"); }
    double metric(const QString &series) { return sampleValue(scrape(), series); }

private slots:
    void countersRiseAndLagFallsAfterABurst()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"metricsburst"_s,
                                        u"CREATE TABLE items (id int PRIMARY KEY, note text);"_s,
                                        {u"public.items"_s}));
        f->setSourceOptions(u"  heartbeat_interval_s: 1\n"_s);
        SYNCLINE_EXPECT_OK(startWithMetrics(*f));
        const QString p = u"{pipeline=\"metricsburst\""_s;
        const QString sink = p + u",sink=\"replica\"}"_s;

        QTRY_COMPARE_WITH_TIMEOUT(
            metric(u"syncline_pipeline_state"_s + p + u",state=\"streaming\"}"_s), 1.0, 10000);
        QCOMPARE(metric(u"syncline_pipeline_state"_s + p + u",state=\"failed\"}"_s), 0.0);
        // The slot's health, probed every 5 s: reserved on a server without a WAL limit.
        QTRY_COMPARE_WITH_TIMEOUT(
            metric(u"syncline_slot_wal_status"_s + p + u",status=\"reserved\"}"_s), 1.0, 15000);
        QCOMPARE(metric(u"syncline_slot_wal_status"_s + p + u",status=\"lost\"}"_s), 0.0);
        // One change applied first: the apply lag is the age of the newest applied commit.
        f->source().exec(f->db, u"INSERT INTO items VALUES (0, 'first')"_s);
        QTRY_COMPARE_WITH_TIMEOUT(metric(u"syncline_events_applied_total"_s + sink), 1.0, 20000);
        const double readBefore = metric(u"syncline_events_read_total"_s + p + u'}');
        const double appliedBefore = metric(u"syncline_events_applied_total"_s + sink);
        QVERIFY2(!std::isnan(readBefore) && !std::isnan(appliedBefore), qPrintable(scrape()));

        // The sink is held at a lock while a burst comes: it falls behind, and shows it.
        PGconn *locker = PQconnectdb(f->target().dsn(f->db).toUtf8().constData());
        PQclear(PQexec(locker, "BEGIN; LOCK TABLE items IN ACCESS EXCLUSIVE MODE"));
        f->source().exec(f->db, u"INSERT INTO items SELECT g, repeat('x', 200) "
                                "FROM generate_series(1, 20000) g"_s);
        QTRY_VERIFY_WITH_TIMEOUT(f->target().lockWaits(f->db) > 0, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(
            metric(u"syncline_events_read_total"_s + p + u'}') >= readBefore + 20000, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(metric(u"syncline_slot_lag_bytes"_s + p + u'}') > 1e6, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(metric(u"syncline_apply_lag_seconds"_s + p + u'}') >= 2, 15000);
        QCOMPARE(metric(u"syncline_events_applied_total"_s + sink), appliedBefore);
        PQclear(PQexec(locker, "COMMIT"));
        PQfinish(locker);

        // Released: everything is applied, and the lag falls back.
        QTRY_COMPARE_WITH_TIMEOUT(metric(u"syncline_events_applied_total"_s + sink),
                                  appliedBefore + 20000, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(metric(u"syncline_slot_lag_bytes"_s + p + u'}') < 1e5, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(metric(u"syncline_apply_lag_seconds"_s + p + u'}'), 0.0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(metric(u"syncline_milliseconds_behind_source"_s + p + u'}') < 2000,
                                 20000);
        const QString text = scrape();
        QVERIFY2(sampleValue(text, u"syncline_apply_latency_seconds_count"_s + sink) >= 1,
                 qPrintable(text));
        QCOMPARE(sampleValue(text, u"syncline_dead_letters_total"_s + sink), 0.0);
        QCOMPARE(sampleValue(text, u"syncline_quarantined_tables"_s + sink), 0.0);
        // A column added on the source is added on the target (the default policy), counted.
        QCOMPARE(sampleValue(text, u"syncline_schema_changes_applied_total"_s + sink), 0.0);
        f->source().exec(f->db, u"ALTER TABLE items ADD COLUMN extra int;"
                                "INSERT INTO items VALUES (-1, 'after', 7)"_s);
        QTRY_COMPARE_WITH_TIMEOUT(metric(u"syncline_schema_changes_applied_total"_s + sink), 1.0,
                                  20000);
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void heartbeatKeepsTheTimeLagFreshOnAnIdleSource()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"metricsidle"_s,
                                                      u"CREATE TABLE items (id int PRIMARY KEY);"_s,
                                                      {u"public.items"_s}));
        f->setSourceOptions(u"  heartbeat_interval_s: 1\n"_s);
        SYNCLINE_EXPECT_OK(startWithMetrics(*f));
        const QString newest =
            u"syncline_source_last_event_timestamp_seconds{pipeline=\"metricsidle\"}"_s;
        // Nothing changes on the source: only heartbeats arrive, and each moves the time on.
        QTRY_VERIFY_WITH_TIMEOUT(!std::isnan(metric(newest)), 15000);
        const double first = metric(newest);
        QTRY_VERIFY_WITH_TIMEOUT(metric(newest) >= first + 2.5, 15000);
        const double behind =
            metric(u"syncline_milliseconds_behind_source{pipeline=\"metricsidle\"}"_s);
        QVERIFY2(behind >= 0 && behind < 2000, qPrintable(QString::number(behind)));
        // The stream skipped them: nothing read, nothing applied, still streaming.
        const QString text = scrape();
        QCOMPARE(sampleValue(text, u"syncline_events_read_total{pipeline=\"metricsidle\"}"_s), 0.0);
        QCOMPARE(
            sampleValue(text,
                        u"syncline_pipeline_state{pipeline=\"metricsidle\",state=\"streaming\"}"_s),
            1.0);
        QCOMPARE(f->target().queryValue(f->db, u"SELECT count(*) FROM items"_s), u"0"_s);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // Through Kafka: each partition's consumer lag on /metrics, and in syncline status (text
    // and JSON) from what the runner writes to the state directory.
    void kafkaConsumerLagInMetricsAndStatus()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"metricskafka"_s,
                                                      u"CREATE TABLE items (id int PRIMARY KEY);"_s,
                                                      {u"public.items"_s}));
        f->setTransport(u"  type: kafka\n  brokers: embedded\n"_s);
        SYNCLINE_EXPECT_OK(startWithMetrics(*f));
        f->source().exec(f->db, u"INSERT INTO items SELECT g FROM generate_series(1, 3000) g"_s);
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        const QString partition =
            u"syncline_kafka_consumer_lag{pipeline=\"metricskafka\",sink=\"replica\","
            "topic=\"metricskafka.public.items\",partition=\"0\"}"_s;
        QTRY_COMPARE_WITH_TIMEOUT(metric(partition), 0.0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(SynclineRunner::runOnce({u"status"_s, f->pipelineFile}, 30000)
                                     .second.contains(u"kafka lag replica: 0 messages behind"_s),
                                 20000);
        const auto [code, json] =
            SynclineRunner::runOnce({u"status"_s, f->pipelineFile, u"--json"_s}, 30000);
        QCOMPARE(code, 0);
        QVERIFY2(json.contains(u"\"consumer_lag\": {\"updated_at\": "_s) &&
                     json.contains(u"{\"sink\": \"replica\", \"topic\": "
                                   "\"metricskafka.public.items\", \"partition\": 0, "
                                   "\"lag_messages\": 0}"_s),
                 qPrintable(json));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        // Without a runner the lag is unknown, and said so.
        const auto stopped = SynclineRunner::runOnce({u"status"_s, f->pipelineFile}, 30000).second;
        QVERIFY2(stopped.contains(u"kafka lag unknown"_s), qPrintable(stopped));
    }

    void badListenAddressesAreBadInput()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"metricsbad"_s,
                                                      u"CREATE TABLE items (id int PRIMARY KEY);"_s,
                                                      {u"public.items"_s}));
        // The flag: checked before anything connects.
        auto [code, output] = SynclineRunner::runOnce(
            {u"run"_s, f->pipelineFile, u"--metrics"_s, u"127.0.0.1:99999"_s});
        QCOMPARE(code, 2);
        QVERIFY2(output.contains(u"--metrics: '127.0.0.1:99999' is not a listen address"_s),
                 qPrintable(output));
        // The file: with its line and column.
        f->setTopLevel(u"metrics:\n  listen: \"metrics.example.com:9187\"\n"_s);
        std::tie(code, output) = SynclineRunner::runOnce({u"run"_s, f->pipelineFile});
        QCOMPARE(code, 2);
        const QRegularExpression located(u"metricsbad\\.yaml:\\d+:11: error: metrics: "_s);
        QVERIFY2(located.match(output).hasMatch(), qPrintable(output));
        // A port another process holds: the runner says so and stops.
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
        QCOMPARE(::listen(fd, 1), 0);
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
        f->setTopLevel({});
        std::tie(code, output) =
            SynclineRunner::runOnce({u"run"_s, f->pipelineFile, u"--metrics"_s,
                                     u"127.0.0.1:"_s + QString::number(ntohs(address.sin_port))});
        ::close(fd);
        QCOMPARE(code, 1);
        QVERIFY2(output.contains(u"cannot listen on 127.0.0.1:"_s), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestMetricsEndpoint)
#include "tst_metrics_endpoint.moc"
