// PostgreSQL -> Kafka -> PostgreSQL through the real `syncline` binary, with librdkafka's mock
// cluster hosted by this test process (so it outlives the runners the test kills), and faults
// injected into it.

#include "kafka_mock.h"
#include "kafka_pipeline.h"
#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "server_test.h"
#include "syncline_runner.h"
#include "workload.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace syncline::test;
using namespace Qt::StringLiterals;

const QString kQuickGroupProperties = u"  properties:\n"_s + quickGroupProperties();

class TestKafkaTransport : public ServerTest
{
    Q_OBJECT

private:
    QString seed(PipelineFixture &f)
    {
        source().exec(f.db, u"INSERT INTO items (id, qty, note) SELECT g, g, 'seed' "
                            "FROM generate_series(1, 500) g;"_s);
        return {};
    }

private slots:
    void changesArriveAsDebeziumEvents()
    {
        KafkaMockCluster kafka;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = kafkaPipeline(u"kshape"_s, kafka, 3));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(f->db,
                                        u"INSERT INTO items (id, qty, note) VALUES (7, 3, 'seven');"
                                        "UPDATE items SET qty = 4 WHERE id = 7;"
                                        "DELETE FROM items WHERE id = 7;"_s));
        // A new shape, its statement logged by DDL capture (on by default).
        SYNCLINE_PG_CHECK(source().exec(f->db, u"ALTER TABLE items ADD COLUMN city text"_s));
        SYNCLINE_PG_CHECK(source().exec(
            f->db, u"INSERT INTO items (id, qty, note, city) VALUES (7, 1, 'again', 'Oslo')"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(30000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());

        const auto messages = kafka.readAll(u"kshape.public.items"_s);
        QCOMPARE(messages.size(), 5); // insert, update, delete, tombstone, insert
        // Read the way a Debezium consumer reads it: the payload's op, before, after, source.
        const auto insert = QJsonDocument::fromJson(messages[0].value).object();
        QCOMPARE(insert[u"op"_s].toString(), u"c"_s);
        QVERIFY(insert[u"before"_s].isNull());
        QCOMPARE(insert[u"after"_s].toObject()[u"id"_s].toInt(), 7);
        QCOMPARE(insert[u"after"_s].toObject()[u"note"_s].toString(), u"seven"_s);
        const auto sourceBlock = insert[u"source"_s].toObject();
        QCOMPARE(sourceBlock[u"connector"_s].toString(), u"postgresql"_s);
        QCOMPARE(sourceBlock[u"name"_s].toString(), u"kshape"_s);
        QCOMPARE(sourceBlock[u"db"_s].toString(), f->db);
        QCOMPARE(sourceBlock[u"schema"_s].toString(), u"public"_s);
        QCOMPARE(sourceBlock[u"table"_s].toString(), u"items"_s);
        QVERIFY(sourceBlock[u"lsn"_s].toDouble() > 0);
        QVERIFY(sourceBlock[u"txId"_s].toDouble() > 0);
        QCOMPARE(QJsonDocument::fromJson(messages[0].key).object()[u"id"_s].toInt(), 7);
        const auto update = QJsonDocument::fromJson(messages[1].value).object();
        QCOMPARE(update[u"op"_s].toString(), u"u"_s);
        QCOMPARE(update[u"after"_s].toObject()[u"qty"_s].toInt(), 4);
        const auto remove = QJsonDocument::fromJson(messages[2].value).object();
        QCOMPARE(remove[u"op"_s].toString(), u"d"_s);
        QCOMPARE(remove[u"before"_s].toObject()[u"id"_s].toInt(), 7);
        QVERIFY(remove[u"after"_s].isNull());
        QVERIFY(messages[3].tombstone);
        QCOMPARE(messages[3].key, messages[2].key);
        // The schema history has the table's columns.
        const auto schemas = kafka.readAll(u"kshape._schemas"_s);
        QVERIFY(!schemas.isEmpty());
        QVERIFY2(schemas.first().value.contains("\"table\":\"items\""), schemas.first().value);
        // ... and reads as a Debezium schema change event.
        const auto change = QJsonDocument::fromJson(schemas.first().value).object();
        QCOMPARE(change[u"schemaName"_s].toString(), u"public"_s);
        const auto tableChange = change[u"tableChanges"_s].toArray().first().toObject();
        QCOMPARE(tableChange[u"type"_s].toString(), u"CREATE"_s);
        QCOMPARE(tableChange[u"id"_s].toString(), u"\"public\".\"items\""_s);
        const auto described = tableChange[u"table"_s].toObject();
        QCOMPARE(described[u"primaryKeyColumnNames"_s].toArray().first().toString(), u"id"_s);
        const auto id = described[u"columns"_s].toArray().first().toObject();
        QCOMPARE(id[u"name"_s].toString(), u"id"_s);
        QCOMPARE(id[u"typeName"_s].toString(), u"int8"_s);
        QCOMPARE(id[u"jdbcType"_s].toInt(), -5);
        QCOMPARE(id[u"optional"_s].toBool(), false);
        QVERIFY(change[u"ddl"_s].isNull()); // items was created before DDL capture was installed
        // The ALTER record carries the statement that made the new shape, in Debezium's "ddl".
        QCOMPARE(schemas.size(), 2);
        const auto altered = QJsonDocument::fromJson(schemas.last().value).object();
        QCOMPARE(altered[u"tableChanges"_s].toArray().first().toObject()[u"type"_s].toString(),
                 u"ALTER"_s);
        QCOMPARE(altered[u"ddl"_s].toString(), u"ALTER TABLE items ADD COLUMN city text"_s);
    }

    // The initial snapshot's rows reach the topics as Debezium's "r" events, before any change
    // made after it; the pipeline's own sinks, which loaded them by COPY, skip them.
    void snapshotRowsArePublishedAsReadEvents()
    {
        KafkaMockCluster kafka;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = kafkaPipeline(u"ksnapshot"_s, kafka, 1));
        SYNCLINE_PG_CHECK(seed(*f)); // 500 rows before the slot exists
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(
            f->db, u"INSERT INTO items (id, qty, note) VALUES (9001, 1, 'after the snapshot')"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(30000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        QVERIFY2(f->runner.outputTail(5).contains(u"after 1 changes"_s),
                 qPrintable(f->runner.outputTail(5))); // the sink applied only the insert

        const auto messages = kafka.readAll(u"ksnapshot.public.items"_s);
        QCOMPARE(messages.size(), 501);
        QSet<int> ids;
        for (int i = 0; i < 500; ++i) {
            const auto event = QJsonDocument::fromJson(messages[i].value).object();
            QCOMPARE(event[u"op"_s].toString(), u"r"_s);
            QVERIFY(event[u"before"_s].isNull());
            QCOMPARE(event[u"source"_s].toObject()[u"snapshot"_s].toString(), u"true"_s);
            QCOMPARE(event[u"after"_s].toObject()[u"note"_s].toString(), u"seed"_s);
            ids.insert(event[u"after"_s].toObject()[u"id"_s].toInt());
            QVERIFY(std::any_of(messages[i].headers.begin(), messages[i].headers.end(),
                                [](const auto &h) { return h.first == "syncline.snapshot"; }));
        }
        QCOMPARE(ids.size(), 500);
        const auto insert = QJsonDocument::fromJson(messages[500].value).object();
        QCOMPARE(insert[u"op"_s].toString(), u"c"_s);
        QCOMPARE(insert[u"source"_s].toObject()[u"snapshot"_s].toString(), u"false"_s);
    }

    void brokerFaultsLoseAndDuplicateNothing_data()
    {
        QTest::addColumn<bool>("brokerDown");
        QTest::newRow("produce errors") << false;
        QTest::newRow("broker down and back") << true;
    }

    void brokerFaultsLoseAndDuplicateNothing()
    {
        QFETCH(bool, brokerDown);
        KafkaMockCluster kafka;
        std::unique_ptr<PipelineFixture> f;
        const QString name = brokerDown ? u"kdown"_s : u"kerrors"_s;
        // Three partitions: rows that change key move between partitions. Like Debezium,
        // that needs the old row's TOASTed values, which replica identity full provides.
        SYNCLINE_PG_CHECK(f = kafkaPipeline(name, kafka, 3, 200));
        SYNCLINE_PG_CHECK(source().exec(f->db, u"ALTER TABLE items REPLICA IDENTITY FULL;"_s));
        SYNCLINE_PG_CHECK(seed(*f));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        // The mock broker keeps about 5 MB per partition: a pace its log can hold while the
        // consumer is kept out by the outage.
        Workload workload(source().dsn(f->db), 11, 3);
        workload.start();
        QThread::msleep(500);
        if (brokerDown) {
            kafka.setBrokerDown(1, true);
            QThread::msleep(2000);
            kafka.setBrokerDown(1, false);
        } else {
            // Errors after which a broker has not written the batch: librdkafka retries them.
            kafka.failProduceRequests(20, 6 /* NOT_LEADER_FOR_PARTITION */);
            QThread::msleep(800);
            kafka.failProduceRequests(10, 19 /* NOT_ENOUGH_REPLICAS */);
        }
        QThread::msleep(1500);
        workload.stop();
        QVERIFY(workload.committedTransactions() > 20);
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(90000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void rejectedChangeGoesToTheDeadLetterTopic()
    {
        KafkaMockCluster kafka;
        kafka.createTopic(u"kdlq.public.acct"_s, 1);
        kafka.createTopic(u"kdlq._schemas"_s, 1);
        kafka.createTopic(u"kdlq.dlq.replica"_s, 1);
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"kdlq"_s, u"CREATE TABLE acct (id int PRIMARY KEY, balance int);"_s,
                              {u"public.acct"_s}));
        SYNCLINE_PG_CHECK(target().exec(f->db,
                                        u"CREATE TABLE acct (id int PRIMARY KEY, balance int "
                                        "CONSTRAINT no_overdraft CHECK (balance >= 0));"_s));
        f->setTransport(
            u"  type: kafka\n  brokers: \"%1\"\n  topic_prefix: kdlq\n"_s.arg(kafka.bootstrap()) +
            kQuickGroupProperties);
        f->setSinkOptions(u"    max_retries: 1\n"_s);
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(
            source().exec(f->db, u"INSERT INTO acct VALUES (1, 5); INSERT INTO acct VALUES (2, -5);"
                                 "INSERT INTO acct VALUES (3, 3);"_s));
        // The pipeline goes on past the rejected change...
        SYNCLINE_EXPECT_OK(waitForTarget(
            *f, u"SELECT string_agg(id::text, ',' ORDER BY id) FROM acct"_s, u"1,3"_s, 60000));
        // ...which is on the dead-letter topic, with Kafka Connect's headers.
        QList<KafkaMockCluster::Message> letters;
        QTRY_VERIFY_WITH_TIMEOUT(!(letters = kafka.readAll(u"kdlq.dlq.replica"_s)).isEmpty(),
                                 30000);
        QMap<QByteArray, QByteArray> headers;
        for (const auto &[name, value] : letters[0].headers)
            headers[name] = value;
        QCOMPARE(headers[QByteArrayLiteral("__connect.errors.topic")],
                 QByteArrayLiteral("kdlq.public.acct"));
        QCOMPARE(headers[QByteArrayLiteral("__connect.errors.partition")], QByteArrayLiteral("0"));
        QCOMPARE(headers[QByteArrayLiteral("__connect.errors.offset")], QByteArrayLiteral("1"));
        QVERIFY(headers[QByteArrayLiteral("__connect.errors.exception.message")].contains(
            "no_overdraft"));
        QCOMPARE(headers[QByteArrayLiteral("syncline.error.class")],
                 QByteArrayLiteral("check_violation"));
        QCOMPARE(headers[QByteArrayLiteral("syncline.attempts")], QByteArrayLiteral("2"));
        QCOMPARE(headers[QByteArrayLiteral("syncline.replay.count")], QByteArrayLiteral("0"));
        QVERIFY2(QJsonDocument::fromJson(letters[0].key).object()[u"id"_s].toInt() == 2,
                 letters[0].key.constData());
        QCOMPARE(QJsonDocument::fromJson(letters[0].value)
                     .object()[u"after"_s]
                     .toObject()[u"balance"_s]
                     .toInt(),
                 -5);

        // The operator fixes the target and replays it from the store.
        SYNCLINE_PG_CHECK(
            target().exec(f->db, u"ALTER TABLE acct DROP CONSTRAINT no_overdraft;"_s));
        const auto [code, output] =
            SynclineRunner::runOnce({u"dlq"_s, u"replay"_s, f->pipelineFile, u"--all"_s});
        QVERIFY2(code == 0 && output.contains(u"applied"_s), qPrintable(output));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync({u"public.acct"_s}, 30000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        // Stopped, its producer flushed: the change was dead-lettered once.
        QCOMPARE(kafka.readAll(u"kdlq.dlq.replica"_s).size(), 1);
    }

    void sinkOnlyPipelineAppliesATopicWrittenByDebezium()
    {
        KafkaMockCluster kafka;
        const QString topic = u"dbserver1.inventory.customers"_s;
        kafka.createTopic(topic, 1);
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"kdebezium"_s, {}, {}));
        SYNCLINE_PG_CHECK(target().exec(
            f->db,
            u"CREATE SCHEMA inventory; CREATE TABLE inventory.customers (id int PRIMARY KEY, "
            "first_name text, last_name text, email text);"_s));
        f->setTransport(u"  type: kafka\n  brokers: \"%1\"\n  topic_prefix: dbserver1\n"
                        "  tables: [inventory.customers]\n"_s.arg(kafka.bootstrap()) +
                        kQuickGroupProperties);
        f->removeSource();
        // As Debezium 2.x's PostgreSQL connector writes them: the first with JsonConverter's
        // schema/payload wrapper, the rest bare (schemas.enable=false).
        const QByteArray source =
            "\"source\":{\"version\":\"2.5.0.Final\",\"connector\":\"postgresql\",\"name\":"
            "\"dbserver1\",\"ts_ms\":1700000000000,\"snapshot\":\"false\",\"db\":\"postgres\","
            "\"sequence\":\"[\\\"24023128\\\",\\\"24023184\\\"]\",\"schema\":\"inventory\","
            "\"table\":\"customers\",\"txId\":555,\"lsn\":24023184,\"xmin\":null}";
        auto row = [](int id, const char *first, const char *email) -> QByteArray {
            return QByteArray("{\"id\":") + QByteArray::number(id) + ",\"first_name\":\"" + first +
                   "\",\"last_name\":\"Thomas\",\"email\":\"" + email + "\"}";
        };
        kafka.produce(topic, "{\"id\":1001}",
                      "{\"schema\":{\"type\":\"struct\",\"optional\":false,\"name\":"
                      "\"dbserver1.inventory.customers.Envelope\"},\"payload\":{\"before\":null,"
                      "\"after\":" +
                          row(1001, "Sally", "sally@acme.com") + "," + source +
                          ",\"op\":\"c\",\"ts_ms\":1700000000100,\"transaction\":null}}");
        kafka.produce(topic, "{\"id\":1002}",
                      "{\"before\":null,\"after\":" + row(1002, "George", "gbailey@foobar.com") +
                          "," + source + ",\"op\":\"c\",\"ts_ms\":1700000000200}");
        kafka.produce(topic, "{\"id\":1001}",
                      "{\"before\":null,\"after\":" + row(1001, "Sally", "sally.t@acme.com") + "," +
                          source + ",\"op\":\"u\",\"ts_ms\":1700000000300}");
        kafka.produce(topic, "{\"id\":1002}",
                      "{\"before\":{\"id\":1002,\"first_name\":null,\"last_name\":null,"
                      "\"email\":null},\"after\":null," +
                          source + ",\"op\":\"d\",\"ts_ms\":1700000000400}");
        kafka.produce(topic, "{\"id\":1002}", QByteArray()); // the tombstone
        // ALTER TABLE customers ADD COLUMN phone text on Debezium's source: the next message
        // with its Connect schema names the new field, and the target follows.
        QByteArray fields = "[{\"type\":\"int32\",\"optional\":false,\"field\":\"id\"}";
        for (const char *name : {"first_name", "last_name", "email", "phone"})
            fields +=
                QByteArray(",{\"type\":\"string\",\"optional\":true,\"field\":\"") + name + "\"}";
        fields += ']';
        const QByteArray withPhone =
            "{\"id\":1003,\"first_name\":\"Edward\",\"last_name\":"
            "\"Walker\",\"email\":\"ed@walker.com\",\"phone\":\"555-0101\"}";
        kafka.produce(topic, "{\"id\":1003}",
                      "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"struct\","
                      "\"fields\":" +
                          fields +
                          ",\"optional\":true,\"field\":\"before\"},{\"type\":\"struct\","
                          "\"fields\":" +
                          fields +
                          ",\"optional\":true,\"field\":\"after\"}],\"optional\":false,"
                          "\"name\":\"dbserver1.inventory.customers.Envelope\"},\"payload\":{"
                          "\"before\":null,\"after\":" +
                          withPhone + "," + source + ",\"op\":\"c\",\"ts_ms\":1700000000500}}");
        kafka.produce(topic, "{\"id\":1001}",
                      "{\"before\":null,\"after\":{\"id\":1001,\"first_name\":\"Sally\","
                      "\"last_name\":\"Thomas\",\"email\":\"sally.t@acme.com\",\"phone\":"
                      "\"555-0102\"}," +
                          source + ",\"op\":\"u\",\"ts_ms\":1700000000600}");
        f->runner.start({u"run"_s, f->pipelineFile});
        SYNCLINE_EXPECT_OK(
            waitForTarget(*f,
                          u"SELECT string_agg(id || ':' || email || ':' || "
                          "coalesce(to_jsonb(c)->>'phone', 'none'), ',' ORDER BY id) "
                          "FROM inventory.customers c"_s,
                          u"1001:sally.t@acme.com:555-0102,1003:ed@walker.com:555-0101"_s, 30000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // A dead-letter topic Kafka Connect wrote (its JDBC sink rejected two changes) is read into
    // the store, once however often it is imported, and replayed to the target like any other.
    void deadLetterTopicOfKafkaConnectIsImportedAndReplayed()
    {
        KafkaMockCluster kafka;
        const QString topic = u"connect.dlq.orders"_s;
        kafka.createTopic(topic, 1);
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"kconnectdlq"_s,
                                        u"CREATE TABLE orders (id int PRIMARY KEY, total int);"_s,
                                        {u"public.orders"_s}));
        auto connectHeaders = [](int offset) -> QList<std::pair<QByteArray, QByteArray>> {
            return {{"__connect.errors.topic", "shop.public.orders"},
                    {"__connect.errors.partition", "0"},
                    {"__connect.errors.offset", QByteArray::number(offset)},
                    {"__connect.errors.connector.name", "jdbc-sink"},
                    {"__connect.errors.exception.class.name",
                     "org.apache.kafka.connect.errors.DataException"},
                    {"__connect.errors.exception.message", "value out of range for total"}};
        };
        auto envelope = [](int id, int total) -> QByteArray {
            return "{\"before\":null,\"after\":{\"id\":" + QByteArray::number(id) +
                   ",\"total\":" + QByteArray::number(total) +
                   "},\"source\":{\"schema\":\"public\",\"table\":\"orders\",\"lsn\":100,"
                   "\"txId\":7,\"ts_ms\":1700000000000,\"db\":\"shop\",\"snapshot\":\"false\"},"
                   "\"op\":\"c\",\"ts_ms\":1700000000100}";
        };
        kafka.produce(topic, "{\"id\":1}", envelope(1, 10), connectHeaders(41));
        kafka.produce(topic, "{\"id\":2}", envelope(2, 20), connectHeaders(42));
        kafka.produce(topic, "{\"id\":3}", envelope(3, 30)); // no headers: not a dead letter
        const QStringList import = {u"dlq"_s,    u"import"_s,    f->pipelineFile,
                                    u"--sink"_s, u"replica"_s,   u"--topic"_s,
                                    topic,       u"--brokers"_s, kafka.bootstrap()};
        auto [code, output] = SynclineRunner::runOnce(import);
        QVERIFY2(code == 0, qPrintable(output));
        QVERIFY2(output.contains(u"imported 2 dead letters"_s), qPrintable(output));
        QVERIFY2(output.contains(u"1 not dead letters"_s), qPrintable(output));
        std::tie(code, output) = SynclineRunner::runOnce(import);
        QVERIFY2(output.contains(u"imported 0 dead letters"_s) &&
                     output.contains(u"2 already known"_s),
                 qPrintable(output));
        std::tie(code, output) = SynclineRunner::runOnce(
            {u"dlq"_s, u"list"_s, f->pipelineFile, u"--class"_s, u"DataException"_s});
        QVERIFY2(output.contains(u"2 DataException"_s) &&
                     output.contains(u"value out of range for total"_s),
                 qPrintable(output));
        SYNCLINE_PG_CHECK(
            target().exec(f->db, u"CREATE TABLE orders (id int PRIMARY KEY, total int)"_s));
        std::tie(code, output) =
            SynclineRunner::runOnce({u"dlq"_s, u"replay"_s, f->pipelineFile, u"--all"_s});
        QVERIFY2(code == 0, qPrintable(output));
        QCOMPARE(target().queryValue(f->db,
                                     u"SELECT string_agg(id || ':' || total, ',' ORDER BY id) "
                                     "FROM orders"_s),
                 u"1:10,2:20"_s);
        std::tie(code, output) = SynclineRunner::runOnce({u"dlq"_s, u"audit"_s, f->pipelineFile});
        QVERIFY2(output.contains(u"import"_s) && output.contains(u"topic="_s + topic),
                 qPrintable(output));
    }

    // brokers: embedded lives and dies with the runner: what it held but the sinks had not
    // committed must come again from the slot after a kill.
    void embeddedBrokerLosesNothingAcrossKills()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"kembedded"_s, Workload::createTablesSql(),
                                                      Workload::tables(), u"initial"_s, 200));
        f->setTransport(u"  type: kafka\n  brokers: embedded\n"_s);
        SYNCLINE_PG_CHECK(seed(*f));
        Workload workload(source().dsn(f->db), 9, 3);
        workload.start();
        for (int round = 0; round < 2; ++round) {
            SYNCLINE_EXPECT_OK(f->startStreaming());
            QThread::msleep(1500);
            f->runner.kill9();
        }
        workload.stop();
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(90000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // The embedded broker keeps about 5 MB per partition and drops the oldest messages beyond
    // that: a backlog twice that size must wait for the sink instead of being dropped.
    void embeddedBrokerBacklogBeyondItsRetentionLosesNothing()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"kbacklog"_s,
                              u"CREATE TABLE public.blobs (id int PRIMARY KEY, body text);"_s,
                              {u"public.blobs"_s}, u"initial"_s));
        f->setTransport(u"  type: kafka\n  brokers: embedded\n"_s);
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        // 2,500 rows of 4 KB (md5 text: JSON carries it as is): about 10 MB in one partition.
        SYNCLINE_PG_CHECK(source().exec(f->db,
                                        u"INSERT INTO blobs SELECT g, repeat(md5(g::text), 128) "
                                        "FROM generate_series(1, 2500) g"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(60000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // A second runner joins the sink's consumer group and takes half the partitions; when the
    // first one stops, the second takes them all and carries on where the first committed. The
    // workload runs from before the snapshot, so the topics begin with snapshot rows that the
    // first runner copied into the shared target: the second must not apply them again.
    void runnersSharingAGroupHandPartitionsOver()
    {
        KafkaMockCluster kafka;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = kafkaPipeline(u"kgroup"_s, kafka, 4, 200));
        // Several partitions: a key move's delete and create land in different ones, and the
        // create carries the TOASTed values only with the full old row.
        SYNCLINE_PG_CHECK(source().exec(f->db, u"ALTER TABLE items REPLICA IDENTITY FULL;"_s));
        f->setSinkOptions(u"    group: kgroup-shared\n"_s);
        SYNCLINE_PG_CHECK(seed(*f));
        QTemporaryDir otherDir;
        SynclineRunner other(otherDir.path());
        const QString otherFile =
            groupMemberPipeline(other, *f, kafka, u"kgroup-shared"_s, Workload::tables());

        Workload workload(source().dsn(f->db), 11, 3);
        workload.start();
        SYNCLINE_EXPECT_OK(f->startStreaming());
        QThread::msleep(1500);
        other.start({u"run"_s, otherFile});
        QVERIFY2(other.waitForOutput(u"assigned"_s, 60000), qPrintable(other.outputTail()));
        QThread::msleep(2000);
        SYNCLINE_EXPECT_OK(f->stopGracefully()); // its partitions move to the other runner
        QThread::msleep(1000);
        SYNCLINE_EXPECT_OK(f->startStreaming()); // the source again; its sink rejoins the group
        workload.stop();
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(90000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        SYNCLINE_EXPECT_OK(stopStillRunning(other));
    }

    void killNineDuringWorkloadLosesAndDuplicatesNothing()
    {
        KafkaMockCluster kafka;
        std::unique_ptr<PipelineFixture> f;
        // One partition (the default), replica identity default: a key move's two messages
        // are adjacent and the sink applies them as the one update they were.
        SYNCLINE_PG_CHECK(f = kafkaPipeline(u"kkill"_s, kafka, 1, 200));
        SYNCLINE_PG_CHECK(seed(*f));
        // Paced so that the mock broker's 5 MB per partition holds what is produced while a
        // killed member still blocks the group (its 6 s session timeout): beyond that the mock
        // drops the oldest messages, which the sink reports and stops on.
        Workload workload(source().dsn(f->db), 5, 10);
        workload.start();
        auto *random = QRandomGenerator::global();
        for (int round = 0; round < 4; ++round) {
            f->runner.start({u"run"_s, f->pipelineFile});
            QVERIFY2(f->runner.waitForOutput(u"streaming from slot"_s, 60000),
                     qPrintable(f->runner.outputTail()));
            QThread::msleep(500 + random->bounded(1500));
            QVERIFY2(f->runner.isRunning(), qPrintable(f->runner.outputTail()));
            f->runner.kill9();
        }
        workload.stop();
        f->runner.start({u"run"_s, f->pipelineFile});
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(90000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        qInfo("%lld source transactions across 4 kills", workload.committedTransactions());
    }
};

QTEST_GUILESS_MAIN(TestKafkaTransport)
#include "tst_kafka_transport.moc"
