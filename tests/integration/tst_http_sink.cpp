// The http sink end to end through `syncline run` (postgres source, direct and kafka transports)
// against a receiver that fails at random with 500 and 429 (Retry-After), is sometimes slow,
// verifies Syncline-Signature and keeps each change once by its position (webhook_receiver.py):
// across kill -9 of the runner mid-workload, every change arrives, in order per key, exactly once
// after dedupe, and a change the receiver refuses with 400 is dead-lettered with the response
// body while the pipeline goes on. The consumer offsets' compare-and-set in the state database.

#include "kafka_mock.h"
#include "kafka_pipeline.h"
#include "pipeline_fixture.h"

#include "sink/http/http_position_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

const QString kSchemaSql =
    u"CREATE TABLE items (id int PRIMARY KEY, n int NOT NULL, note text);"
    "INSERT INTO items SELECT g, 0, 'snapshot' FROM generate_series(1, 5) g;"_s;
const QString kSecretVariable = u"SYNCLINE_TEST_WEBHOOK_SECRET"_s;

// The receiver's changes in arrival order.
QList<QJsonObject> receivedChanges(const QString &logFile)
{
    QList<QJsonObject> changes;
    QFile file(logFile);
    if (!file.open(QIODevice::ReadOnly))
        return changes;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (!line.isEmpty())
            changes.append(QJsonDocument::fromJson(line).object());
    }
    return changes;
}

bool received(const QString &logFile, int id)
{
    for (const auto &change : receivedChanges(logFile))
        if (change[u"key"_s].toObject()[u"id"_s].toInt() == id)
            return true;
    return false;
}

// Starts webhook_receiver.py; returns the port it listens on (0 when it did not start).
int startReceiver(QProcess &receiver, const QString &logFile, const QString &statsFile)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"WEBHOOK_SECRET"_s, u"whsec_integration"_s);
    receiver.setProcessEnvironment(environment);
    receiver.start(u"python3"_s, {QStringLiteral(SYNCLINE_SOURCE_DIR) +
                                      u"/tests/integration/webhook_receiver.py"_s,
                                  logFile, statsFile});
    if (!receiver.waitForReadyRead(10000))
        return 0;
    return receiver.readLine().trimmed().toInt();
}

QString httpSink(int port)
{
    return u"  - name: hook\n"
           "    type: http\n"
           "    url: \"http://127.0.0.1:%1/hook\"\n"
           "    secret: ${%2}\n"
           "    batch_size: 20\n"
           "    max_retries: 0\n"
           "    headers:\n"
           "      X-Pipeline: http_sink\n"_s.arg(port)
               .arg(kSecretVariable);
}

// The first key whose changes did not arrive as 0, 1, 2, ... up to the source's n, each once
// (nothing lost, nothing twice, never a step back), or "". `refused` must not arrive at all.
QString arrivalDifference(PipelineFixture &f, const QString &logFile, int refused)
{
    QMap<int, QList<int>> arrived;
    for (const auto &change : receivedChanges(logFile)) {
        if (change[u"table"_s].toString() != u"public.items"_s)
            return u"a change of table "_s + change[u"table"_s].toString();
        const QJsonObject after = change[u"after"_s].toObject();
        arrived[after[u"id"_s].toInt()].append(after[u"n"_s].toInt());
    }
    for (const QStringList &row : f.source().query(f.db, u"SELECT id, n FROM items"_s)) {
        const int id = row[0].toInt();
        if (id == refused) {
            if (arrived.contains(id))
                return u"the refused change reached the receiver"_s;
            continue;
        }
        QList<int> expected;
        for (int n = 0; n <= row[1].toInt(); ++n)
            expected.append(n);
        if (arrived.value(id) != expected) {
            QStringList got;
            for (int n : arrived.value(id))
                got << QString::number(n);
            return u"id %1 arrived as %2, source n = %3"_s.arg(id).arg(got.join(u','), row[1]);
        }
    }
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
        QTest::newRow("direct") << false;
        // Two partitions on the mock cluster the test hosts, so it outlives the runner.
        QTest::newRow("kafka") << true;
    }

    void deliversEveryChangeOnceAcrossKill9()
    {
        QFETCH(bool, kafka);
        qputenv(kSecretVariable.toUtf8(), "whsec_integration");
        KafkaMockCluster cluster;
        std::unique_ptr<PipelineFixture> f;
        if (kafka) {
            cluster.createTopic(u"http_kafka.dlq.hook"_s, 1);
            SYNCLINE_PG_CHECK(f = kafkaPipeline(u"http_kafka"_s, cluster, 2, 5000, kSchemaSql,
                                                {u"public.items"_s}));
        } else {
            SYNCLINE_PG_CHECK(
                f = PipelineFixture::create(u"http_sink"_s, kSchemaSql, {u"public.items"_s}));
        }
        const QString dir = QFileInfo(f->pipelineFile).absolutePath();
        const QString logFile = dir + u"/received.jsonl"_s;
        const QString statsFile = dir + u"/stats.json"_s;

        QProcess receiver;
        const int port = startReceiver(receiver, logFile, statsFile);
        QVERIFY(port > 0);
        f->setSinks(httpSink(port));

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
        }
        SYNCLINE_PG_CHECK(f->source().query(f->db, u"INSERT INTO items VALUES (9999, 0, 'end')"_s));
        QTRY_VERIFY_WITH_TIMEOUT(received(logFile, 9999), 120000);
        SYNCLINE_EXPECT_OK(f->stopGracefully());

        // Per key, the n values as they arrived: 0, 1, 2, ... with no gap (nothing lost), no
        // repeat (each change once) and no step back (in order).
        SYNCLINE_PG_CHECK(SYNCLINE_EXPECT_OK(arrivalDifference(*f, logFile, 5000)));
        // Through Kafka, streamed changes are named by their topic, partition and offset.
        if (kafka) {
            bool throughKafka = false;
            for (const auto &change : receivedChanges(logFile))
                throughKafka = throughKafka || change[u"position"_s].toString().startsWith(
                                                   u"http_kafka.public.items/"_s);
            QVERIFY(throughKafka);
        }

        QFile stats(statsFile);
        QVERIFY(stats.open(QIODevice::ReadOnly));
        const QJsonObject counts = QJsonDocument::fromJson(stats.readAll()).object();
        qInfo().noquote() << "receiver:" << QJsonDocument(counts).toJson(QJsonDocument::Compact);
        QCOMPARE(counts[u"bad_signature"_s].toInt(), 0);
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
        QCOMPARE(QJsonDocument::fromJson(dlqOutput.toUtf8()).array().size(), 1);

        receiver.kill(); // our own child, by its handle
        receiver.waitForFinished(5000);
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
