// The http sink end to end through `syncline run` (postgres source, direct and kafka transports,
// the latter on a cluster the test hosts and on the runner's embedded one)
// against a receiver that fails at random with 500 and 429 (Retry-After), is sometimes slow,
// verifies Syncline-Signature and keeps each change once by its position (webhook_receiver.py):
// across kill -9 of the runner mid-workload, every change arrives, in order per key, exactly once
// after dedupe, up to 4 requests were in flight at once but never two with a change of the same
// key, and a change the receiver refuses with 400 is dead-lettered with the response body while
// the pipeline goes on; `syncline dlq replay` then delivers it once the receiver accepts it,
// once, and a second replay sends nothing; a replay while the pipeline runs releases the row
// for its next changes. The consumer offsets' compare-and-set in the state
// database.

#include "dlq_cli.h"
#include "kafka_mock.h"
#include "kafka_pipeline.h"
#include "pipeline_fixture.h"
#include "webhook_receiver.h"

#include "sink/http/http_position_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

const QString kSchemaSql = countedItemsSql(5);
const QString kSecretVariable = u"SYNCLINE_TEST_WEBHOOK_SECRET"_s;

// `syncline dlq replay <file> <arguments> --json`, which replays one dead letter here.
QJsonObject replayOne(const QString &pipelineFile, const QStringList &arguments)
{
    QString problem;
    const QJsonArray results = dlqJson(QStringList{u"replay"_s, pipelineFile} + arguments, problem);
    if (results.size() != 1)
        qWarning().noquote() << "syncline dlq replay:" << problem << results;
    return results.at(0).toObject();
}

// `syncline status <file>` on a pipeline with the http sink "hook": exits 0 and shows the sink's
// position from its state directory (with `applied`, a position rather than none yet). Empty when
// so, else what was wrong.
QString statusProblem(const QString &pipelineFile, bool applied)
{
    const auto [code, output] = SynclineRunner::runOnce({u"status"_s, pipelineFile});
    const QString expected = applied ? u"sink      hook: applied up to "_s : u"sink      hook: "_s;
    if (code != 0 || !output.contains(expected) || output.contains(u"unreachable"_s))
        return u"syncline status exited %1:\n"_s.arg(code) + output;
    return {};
}

} // namespace

class TestHttpSink : public QObject
{
    Q_OBJECT

private slots:
    void deliversEveryChangeOnceAcrossKill9_data()
    {
        QTest::addColumn<bool>("kafka");
        QTest::addColumn<bool>("embedded");
        QTest::newRow("direct") << false << false;
        // Two partitions on the mock cluster the test hosts, so it outlives the runner.
        QTest::newRow("kafka") << true << false;
        // Two partitions on the runner's own cluster, new at each start: a change comes back at
        // another offset, and a later change takes an offset an earlier one had, so changes
        // must be named by their source position.
        QTest::newRow("embedded") << true << true;
    }

    void deliversEveryChangeOnceAcrossKill9()
    {
        QFETCH(bool, kafka);
        QFETCH(bool, embedded);
        qputenv(kSecretVariable.toUtf8(), "whsec_integration");
        KafkaMockCluster cluster;
        std::unique_ptr<PipelineFixture> f;
        if (embedded) {
            SYNCLINE_PG_CHECK(
                f = PipelineFixture::create(u"http_embedded"_s, kSchemaSql, {u"public.items"_s}));
            f->setTransport(u"  type: kafka\n  brokers: embedded\n  partitions: 2\n"
                            "  properties:\n"_s +
                            quickGroupProperties());
        } else if (kafka) {
            cluster.createTopic(u"http_kafka.dlq.hook"_s, 1);
            SYNCLINE_PG_CHECK(f = kafkaPipeline(u"http_kafka"_s, cluster, 2, 5000, kSchemaSql,
                                                {u"public.items"_s}));
        } else {
            SYNCLINE_PG_CHECK(
                f = PipelineFixture::create(u"http_sink"_s, kSchemaSql, {u"public.items"_s}));
        }
        const QString dir = QFileInfo(f->pipelineFile).absolutePath();
        WebhookReceiver receiver(u"whsec_integration"_s);
        QString problem;
        QVERIFY2(receiver.start(&problem), qPrintable(problem));

        // The fixture's pipeline with its sink replaced by the http sink.
        f->setSinks(u"  - name: hook\n"
                    "    type: http\n"
                    "    url: \"%1\"\n"
                    "    secret: ${%2}\n"
                    "    batch_size: 20\n"
                    "    max_in_flight: 4\n"
                    "    max_retries: 0\n"
                    "    headers:\n"
                    "      X-Pipeline: http_sink\n"_s.arg(receiver.url(), kSecretVariable));

        const auto [validateCode, validateOutput] =
            SynclineRunner::runOnce({u"validate"_s, f->pipelineFile});
        QVERIFY2(validateCode == 0, qPrintable(validateOutput));
        QVERIFY2(validateOutput.contains(u"sink hook: the receiver answered a test request with "
                                         "HTTP 200"_s),
                 qPrintable(validateOutput));

        // The runner started with `failpoint` armed, given commits until it died there.
        const auto crashAt = [&](const QString &failpoint) -> QString {
            qputenv("SYNCLINE_FAILPOINTS", failpoint.toUtf8() + "=kill@3");
            QString problem = f->startStreaming(60000);
            qunsetenv("SYNCLINE_FAILPOINTS");
            // Transactions may share a commit, and a request: more until the armed one comes.
            for (int i = 0; problem.isEmpty() && i < 300 && f->runner.isRunning(); ++i) {
                f->source().query(f->db, u"UPDATE items SET n = n + 1 WHERE id = 1"_s);
                QTest::qWait(200);
            }
            if (problem.isEmpty() &&
                (f->runner.waitForExit(10000) != -2 ||
                 !f->runner.output().contains(u"failpoint "_s + failpoint + u": kill"_s)))
                problem =
                    u"the runner did not die at "_s + failpoint + u":\n"_s + f->runner.outputTail();
            return problem;
        };
        // Crashes at named points: acknowledged by the receiver with the position (or offsets)
        // not recorded yet; about to send a request. Then kill -9 wherever the runner is (often
        // waiting out a 429 or a 500).
        SYNCLINE_EXPECT_OK(f->startStreaming());
        for (int step = 1; step <= 150; ++step) {
            SYNCLINE_PG_CHECK(f->source().query(
                f->db, u"UPDATE items SET n = n + 1 WHERE id = %1"_s.arg(step % 5 + 1)));
            if (step % 10 == 0)
                SYNCLINE_PG_CHECK(f->source().query(
                    f->db, u"INSERT INTO items VALUES (%1, 0, 'new'); "
                           "UPDATE items SET n = 1 WHERE id = %1"_s.arg(100 + step)));
            if (step == 60)
                SYNCLINE_PG_CHECK(
                    f->source().query(f->db, u"INSERT INTO items VALUES (5000, 0, 'reject-me')"_s));
            if (step == 20 || step == 80 || step == 110) {
                // Through Kafka, once the sink consumes (joining the group takes seconds).
                if (kafka)
                    f->runner.waitForOutput(u"sink hook: assigned"_s, 30000);
                QTest::qWait(300);
                f->runner.kill9();
            }
            if (step == 20)
                SYNCLINE_PG_CHECK(
                    SYNCLINE_EXPECT_OK(crashAt(u"http.acknowledged_before_position"_s)));
            if (step == 80)
                SYNCLINE_PG_CHECK(SYNCLINE_EXPECT_OK(crashAt(u"http.before_request"_s)));
            if (step == 20 || step == 80 || step == 110)
                SYNCLINE_EXPECT_OK(f->startStreaming(60000));
            if (step == 50) {
                // A clean stop confirms the slot past what was sent: the next session's changes
                // are new ones. An embedded cluster starts again at offset 0 with them, so they
                // must not be named by offset (a receiver would take them for the first
                // session's and drop them).
                QList<QStringList> rows;
                SYNCLINE_PG_CHECK(rows = f->source().query(f->db, u"SELECT id, n FROM items"_s));
                QTRY_VERIFY_WITH_TIMEOUT(lastValuesArrived(receiver, rows, 5000), 60000);
                // Status reads the sink's position from the state directory, runner running.
                SYNCLINE_EXPECT_OK(statusProblem(f->pipelineFile, !kafka));
                SYNCLINE_EXPECT_OK(f->stopGracefully());
                SYNCLINE_EXPECT_OK(f->startStreaming(60000));
            }
        }
        SYNCLINE_PG_CHECK(f->source().query(f->db, u"INSERT INTO items VALUES (9999, 0, 'end')"_s));
        QList<QStringList> rows;
        SYNCLINE_PG_CHECK(rows = f->source().query(f->db, u"SELECT id, n FROM items"_s));
        // Through Kafka each partition goes at its own pace and a graceful stop does not drain
        // the topics: wait for every key's last change, not for one marker row.
        QTRY_VERIFY_WITH_TIMEOUT(lastValuesArrived(receiver, rows, 5000), 120000);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        // And with the runner stopped.
        SYNCLINE_EXPECT_OK(statusProblem(f->pipelineFile, !kafka));

        // Per key, the n values as they arrived: 0, 1, 2, ... with no gap (nothing lost), no
        // repeat (each change once) and no step back (in order).
        for (const auto &change : receiver.changes())
            QCOMPARE(change[u"table"_s].toString(), u"public.items"_s);
        const QMap<int, QList<int>> arrived = nValuesById(receiver);
        for (const QStringList &row : rows) {
            const int id = row[0].toInt();
            if (id == 5000) {
                QVERIFY2(!arrived.contains(id), "the refused change reached the receiver");
                continue;
            }
            QList<int> expected;
            for (int n = 0; n <= row[1].toInt(); ++n)
                expected.append(n);
            QCOMPARE(arrived.value(id), expected);
        }
        // Through Kafka, streamed changes are named by their topic and source position.
        if (kafka) {
            bool throughKafka = false;
            for (const auto &change : receiver.changes())
                throughKafka = throughKafka || change[u"position"_s].toString().startsWith(
                                                   f->db + u".public.items@"_s);
            QVERIFY(throughKafka);
        }

        const QJsonObject counts = receiver.stats();
        qInfo().noquote() << "receiver:" << QJsonDocument(counts).toJson(QJsonDocument::Compact);
        QCOMPARE(counts[u"bad_signature"_s].toInt(), 0);
        // Requests in flight at once, never two with a change of the same key.
        QVERIFY2(counts[u"max_in_flight"_s].toInt() > 1,
                 QJsonDocument(counts).toJson().constData());
        QVERIFY2(counts[u"key_overlaps"_s].toInt() == 0,
                 QJsonDocument(counts).toJson().constData());
        // Sent again after the crash at the failpoint, and kept once.
        QVERIFY(counts[u"duplicates"_s].toInt() > 0);
        QVERIFY2(counts[u"500"_s].toInt() > 0 && counts[u"429"_s].toInt() > 0 &&
                     counts[u"400"_s].toInt() > 0,
                 QJsonDocument(counts).toJson().constData());

        // Retry-After: 1 was waited out as the receiver asked (in every run's log).
        QString logs;
        for (const QString &log : QDir(dir).entryList({u"run-*.log"_s})) {
            QFile file(dir + u'/' + log);
            if (file.open(QIODevice::ReadOnly))
                logs += QString::fromUtf8(file.readAll());
        }
        QVERIFY2(logs.contains(u"HTTP 429; sending again in 1000 ms"_s),
                 qPrintable(logs.right(3000)));
        QVERIFY2(!logs.contains(u"whsec_integration"_s), "the secret is in the log");

        const auto [dlqCode, dlqOutput] =
            SynclineRunner::runOnce({u"dlq"_s, u"list"_s, f->pipelineFile, u"--json"_s});
        QVERIFY2(dlqCode == 0, qPrintable(dlqOutput));
        QVERIFY2(dlqOutput.contains(u"note reject-me refused by the receiver"_s),
                 qPrintable(dlqOutput));
        const QJsonArray letters = QJsonDocument::fromJson(dlqOutput.toUtf8()).array();
        QCOMPARE(letters.size(), 1);
        const QString eventId = letters[0].toObject()[u"event_id"_s].toString();

        // Replayed while the receiver still refuses it (400, or one of its random failures):
        // failed, nothing recorded.
        QJsonObject outcome = replayOne(f->pipelineFile, {u"--all"_s});
        QCOMPARE(outcome[u"outcome"_s].toString(), u"failed"_s);
        QVERIFY2(outcome[u"detail"_s].toString().contains(u"the receiver answered HTTP "_s),
                 qPrintable(outcome[u"detail"_s].toString()));
        // Then it accepts it: the replay delivers it once, under its position.
        QVERIFY(receiver.acceptEverything());
        outcome = replayOne(f->pipelineFile, {u"--all"_s});
        QCOMPARE(outcome[u"outcome"_s].toString(), u"applied"_s);
        QList<QJsonObject> replayed;
        for (const auto &change : receiver.changes())
            if (change[u"key"_s].toObject()[u"id"_s].toInt() == 5000)
                replayed.append(change);
        QCOMPARE(replayed.size(), 1);
        QCOMPARE(replayed[0][u"position"_s].toString(), eventId);
        QCOMPARE(replayed[0][u"after"_s].toObject()[u"note"_s].toString(), u"reject-me"_s);
        // A second replay sends nothing: the receiver sees no request again (no duplicate).
        const int requestsBefore = receiver.stats()[u"requests"_s].toInt();
        outcome = replayOne(f->pipelineFile, {u"--all"_s, u"--status"_s, u"replayed"_s});
        QCOMPARE(outcome[u"outcome"_s].toString(), u"already applied"_s);
        QCOMPARE(receiver.stats()[u"requests"_s].toInt(), requestsBefore);
    }

    // A replay while the pipeline runs releases the row: its next change is sent, without a
    // restart.
    void replayWhileRunningReleasesTheRow()
    {
        qputenv(kSecretVariable.toUtf8(), "whsec_integration");
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"http_release"_s, kSchemaSql, {u"public.items"_s}));
        WebhookReceiver receiver(u"whsec_integration"_s);
        QString problem;
        QVERIFY2(receiver.start(&problem), qPrintable(problem));
        f->setSinks(u"  - name: hook\n    type: http\n    url: \"%1\"\n    secret: ${%2}\n"
                    "    max_retries: 0\n"_s.arg(receiver.url(), kSecretVariable));
        SYNCLINE_EXPECT_OK(f->startStreaming(60000));
        SYNCLINE_PG_CHECK(
            f->source().query(f->db, u"UPDATE items SET n = 1, note = 'reject-me' WHERE id = 2"_s));
        SYNCLINE_PG_CHECK(f->source().query(f->db, u"UPDATE items SET n = 2 WHERE id = 2"_s));
        QTRY_COMPARE_WITH_TIMEOUT(dlqJson({u"list"_s, f->pipelineFile}, problem).size(), 2, 30000);

        QVERIFY(receiver.acceptEverything());
        const QJsonArray results = dlqJson({u"replay"_s, f->pipelineFile, u"--all"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results.size(), 2);
        SYNCLINE_PG_CHECK(f->source().query(f->db, u"UPDATE items SET n = 3 WHERE id = 2"_s));
        QTRY_COMPARE_WITH_TIMEOUT(nValuesById(receiver).value(2), (QList<int>{0, 1, 2, 3}), 30000);
        QVERIFY(f->runner.isRunning());
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // The offsets' compare-and-set: a commit whose partition holds another offset than the one
    // it expects writes none of its offsets.
    void offsetsCompareAndSet()
    {
        using syncline::http::HttpPositionStore;
        QTemporaryDir dir;
        HttpPositionStore store(dir.path().toStdString(), "hook");
        const syncline::TopicPartition zero{"t", 0}, one{"t", 1};
        QVERIFY(!store.commitOffsets("g", {{zero, -1, 5, "0/10#1", "c"}}));
        QVERIFY(!store.commitOffsets("g", {{zero, 5, 7, "0/10#3", "c"}}));
        // zero holds 7, not 5: nothing is written, one included.
        QVERIFY(store.commitOffsets("g", {{one, -1, 3, "0/10#2", "c"}, {zero, 5, 9, "", "c"}}) ==
                zero);
        QVERIFY(store.commitOffsets("g", {{zero, -1, 9, "", "c"}}) == zero);
        const auto offsets = store.offsets("g");
        QCOMPARE(offsets.size(), std::size_t(1));
        QCOMPARE(offsets.at(zero).next, std::int64_t(7));
        QCOMPARE(offsets.at(zero).position, std::string("0/10#3"));
        QVERIFY(store.offsets("other").empty());
        QVERIFY(!store.shareSnapshotEnd("g", std::nullopt));
        QVERIFY(store.shareSnapshotEnd("g", syncline::Lsn(20)) == syncline::Lsn(20));
        QVERIFY(store.shareSnapshotEnd("g", syncline::Lsn(10)) == syncline::Lsn(20));
    }
};

QTEST_GUILESS_MAIN(TestHttpSink)
#include "tst_http_sink.moc"
