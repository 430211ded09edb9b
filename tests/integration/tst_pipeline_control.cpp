// The engine as the console drives it, in process: snapshot progress is reported; pause ends
// the session with everything applied and holds no connection until resumed; metrics move
// while changes flow and show the slot falling behind while paused.

#include "pg_cluster.h"
#include "pipeline_fixture.h"

#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "config/config_loader.h"
#include "pipeline/pipeline.h"
#include "schema/schema_history.h"
#include "util/time_text.h"
#endif

#include <thread>

using namespace syncline;
using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestPipelineControl : public QObject
{
    Q_OBJECT

private:
    PgCluster &source() { return PgCluster::sharedSource(); }
    PgCluster &target() { return PgCluster::sharedTarget(); }

    int targetRows(const QString &db)
    {
        return target().queryValue(db, u"SELECT count(*) FROM items"_s).toInt();
    }
    int sourceConnectionsOf(const QString &db)
    {
        return source()
            .queryValue(u"postgres"_s,
                        u"SELECT count(*) FROM pg_stat_activity WHERE datname = '"_s + db +
                            u"' AND application_name LIKE 'syncline%'"_s +
                            u" AND application_name NOT LIKE 'syncline metrics%'"_s +
                            u" AND application_name <> 'syncline status'"_s)
            .toInt();
    }

private slots:
    void pauseResumeAndMetrics()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"control"_s, u"CREATE TABLE items (id int PRIMARY KEY, n int);"_s,
                              {u"public.items"_s}));
        source().exec(f->db, u"INSERT INTO items SELECT g, g FROM generate_series(-1999, 0) g;"
                             "ANALYZE items"_s);
        auto loaded = loadPipelineConfig(f->pipelineFile.toStdString());
        QVERIFY(std::holds_alternative<PipelineConfig>(loaded));
        const auto stateDir = std::get<PipelineConfig>(loaded).stateDir;
        Pipeline pipeline(std::get<PipelineConfig>(std::move(loaded)));
        Pipeline::Outcome outcome = Pipeline::Outcome::Failed;
        std::thread runner([&] { outcome = pipeline.run(); });
        auto state = [&] { return pipeline.status().state; };

        QTRY_COMPARE_WITH_TIMEOUT(state(), PipelineState::Streaming, 30000);
        // The initial snapshot reported its progress against the planner's estimate.
        QCOMPARE(pipeline.status().snapshotRowsCopied, 2000);
        QCOMPARE(pipeline.status().snapshotRowsEstimated, 2000);
        source().exec(f->db, u"INSERT INTO items SELECT g, g FROM generate_series(1, 500) g"_s);
        QTRY_COMPARE_WITH_TIMEOUT(targetRows(f->db), 2500, 30000);
        const std::int64_t since = unixMillisNow() - 60'000;
        QTRY_VERIFY_WITH_TIMEOUT(pipeline.metrics().latest().totalApplied == 500, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto &point :
                     pipeline.metrics().series(Metric::EventsOutPerSecond, since))
                    if (point.value > 0)
                        return true;
                return false;
            }(),
            5000);
        QVERIFY(pipeline.metrics().latest().totalRead >= 500);

        pipeline.requestPause();
        QTRY_COMPARE_WITH_TIMEOUT(state(), PipelineState::Paused, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(sourceConnectionsOf(f->db), 0, 10000);
        const long long readBeforeInsert = pipeline.metrics().latest().totalRead;
        source().exec(f->db, u"INSERT INTO items SELECT g, g FROM generate_series(501, 800) g"_s);
        // The paused pipeline's prober (it asks every 5 s) sees the insert waiting in the slot:
        // a lag this large is measured after it. Only then: nothing was read or applied.
        const double lagWithInsert =
            source()
                .queryValue(f->db, u"SELECT pg_current_wal_lsn() - confirmed_flush_lsn "
                                   "FROM pg_replication_slots WHERE slot_name = 'control'"_s)
                .toDouble();
        QTRY_VERIFY_WITH_TIMEOUT(
            pipeline.metrics().latest().value(Metric::SlotLagBytes) >= lagWithInsert, 15000);
        QCOMPARE(targetRows(f->db), 2500);
        QCOMPARE(pipeline.metrics().latest().totalRead, readBeforeInsert);

        pipeline.requestResume();
        QTRY_COMPARE_WITH_TIMEOUT(targetRows(f->db), 2800, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(state(), PipelineState::Streaming, 5000);

        // A DDL change makes a second version in the schema history.
        target().exec(f->db, u"ALTER TABLE items ADD COLUMN note text"_s);
        source().exec(f->db, u"ALTER TABLE items ADD COLUMN note text;"
                             "INSERT INTO items VALUES (9999, 0, 'after the change')"_s);
        QTRY_COMPARE_WITH_TIMEOUT(targetRows(f->db), 2801, 30000);
        const auto versions =
            SchemaHistory(SchemaHistory::fileIn(stateDir)).versions("public.items");
        QCOMPARE(versions.size(), std::size_t(2));
        QCOMPARE(versions[1].schema.columns.back().name, "note");

        pipeline.requestStop();
        runner.join();
        QCOMPARE(outcome, Pipeline::Outcome::Stopped);
        QCOMPARE(state(), PipelineState::Stopped);
        QCOMPARE(pipeline.metrics().latest().totalApplied, 801);
    }

    // Through Kafka, each sink reports its lag per partition; it falls to zero once caught up.
    void kafkaConsumerLagIsReported()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"control_kafka"_s,
                                        u"CREATE TABLE items (id int PRIMARY KEY, n int);"_s,
                                        {u"public.items"_s}));
        f->setTransport(u"  type: kafka\n  brokers: embedded\n"_s);
        auto loaded = loadPipelineConfig(f->pipelineFile.toStdString());
        QVERIFY(std::holds_alternative<PipelineConfig>(loaded));
        Pipeline pipeline(std::get<PipelineConfig>(std::move(loaded)));
        std::thread runner([&] { pipeline.run(); });
        QTRY_COMPARE_WITH_TIMEOUT(pipeline.status().state, PipelineState::Streaming, 30000);
        source().exec(f->db, u"INSERT INTO items SELECT g, g FROM generate_series(1, 300) g"_s);
        QTRY_COMPARE_WITH_TIMEOUT(targetRows(f->db), 300, 30000);
        const std::string partition = "replica control_kafka.public.items[0]";
        QTRY_VERIFY_WITH_TIMEOUT(pipeline.metrics().latest().consumerLag.count(partition) == 1,
                                 10000);
        QTRY_COMPARE_WITH_TIMEOUT(pipeline.metrics().latest().consumerLag.at(partition), 0, 10000);
        QVERIFY(pipeline.metrics().latest().totalApplied >= 300);
        pipeline.requestStop();
        runner.join();
    }

    // A stop while paused ends run() at once.
    void stopWhilePaused()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"control_stop"_s,
                                        u"CREATE TABLE items (id int PRIMARY KEY, n int);"_s,
                                        {u"public.items"_s}));
        auto loaded = loadPipelineConfig(f->pipelineFile.toStdString());
        QVERIFY(std::holds_alternative<PipelineConfig>(loaded));
        Pipeline pipeline(std::get<PipelineConfig>(std::move(loaded)));
        pipeline.requestPause(); // before it started: it waits without connecting
        std::thread runner([&] { pipeline.run(); });
        QTRY_COMPARE_WITH_TIMEOUT(pipeline.status().state, PipelineState::Paused, 10000);
        pipeline.requestStop();
        runner.join();
        QCOMPARE(pipeline.status().state, PipelineState::Stopped);
    }
};

QTEST_GUILESS_MAIN(TestPipelineControl)
#include "tst_pipeline_control.moc"
