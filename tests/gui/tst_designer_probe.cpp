// The designer's live helpers against real PostgreSQL and MariaDB servers from the harness: Test
// connection (and a DSN that fails), an http sink's "Send test request" against a local
// receiver, and "Browse tables…" from the page: every table with its
// key and whether it can be captured, the server's settings and privileges (wal_level;
// binlog_format and the rest), the exact SQL that fixes what is missing for the server and the
// checked tables, and the checked tables written to the source's "tables".

#include "designer/designer_model.h"
#include "designer/source_table_model.h"
#include "designer/source_tables_dialog.h"
#include "designer_driver.h"
#include "gui_test_main.h"
#include "kafka_mock.h"
#include "mariadb_server.h"
#include "pg_cluster.h"
#include "redis_server.h"
#include "source_probe_job.h"
#include "webhook_receiver.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace syncline;
using namespace syncline::ui;
using namespace syncline::ui::test;
using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestDesignerProbe : public QObject
{
    Q_OBJECT

private:
    QString m_dsn;
    std::unique_ptr<MariaDbServer> m_mariadb;

    // Clicks a helper's button and returns its answer (ok, message), as `answered` caught it.
    static std::pair<bool, QString> answerTo(QPushButton *button, QSignalSpy &answered,
                                             int timeoutMs)
    {
        if (!button)
            return {false, u"no such button"_s};
        const qsizetype before = answered.size();
        button->click();
        if (!answered.wait(timeoutMs) || answered.size() <= before)
            return {false, u"no answer"_s};
        return {answered.last().at(1).toBool(), answered.last().at(2).toString()};
    }

    // Clicks "Browse tables…" and waits until the dialog has the answer.
    static bool browse(DesignerPage &page)
    {
        QSignalSpy browsed(page.probeJob(), &SourceProbeJob::sourceBrowsed);
        page.form()->browseButton()->click();
        return browsed.wait(10000);
    }

    // The row of schema.name in the browse dialog's model, or -1.
    static int rowOf(SourceTableModel *model, const QString &schema, const QString &name)
    {
        for (int r = 0; r < model->rowCount(); ++r) {
            if (model->index(r, SourceTableModel::SchemaColumn).data() == schema &&
                model->index(r, SourceTableModel::TableColumn).data() == name)
                return r;
        }
        return -1;
    }

private slots:
    void initTestCase()
    {
        SYNCLINE_PG_CHECK({
            PgCluster &pg = PgCluster::sharedSource();
            pg.createDatabase(u"designer_probe"_s);
            pg.exec(u"designer_probe"_s,
                    u"CREATE TABLE public.with_key (id int PRIMARY KEY, v text);"
                    "CREATE TABLE public.no_key (v text);"
                    "CREATE SCHEMA sales;"
                    "CREATE TABLE sales.\"Full\" (v text);"
                    "ALTER TABLE sales.\"Full\" REPLICA IDENTITY FULL;"_s);
            m_dsn = pg.dsn(u"designer_probe"_s);
            m_mariadb = std::make_unique<MariaDbServer>(u"designerprobe"_s);
            m_mariadb->start();
            m_mariadb->exec({}, u"CREATE DATABASE shop;"
                                "CREATE TABLE shop.orders (region char(2), id int, v text, "
                                "  PRIMARY KEY (region, id)) ENGINE=InnoDB;"
                                "CREATE TABLE shop.audit (v text) ENGINE=InnoDB;"
                                "CREATE TABLE shop.legacy (id int PRIMARY KEY) ENGINE=MyISAM;"_s);
        });
    }

    void testConnection()
    {
        SourceProbeJob job;
        QSignalSpy tested(&job, &SourceProbeJob::connectionTested);
        job.testConnection(ConnectorKind::Source, u"postgres"_s, m_dsn);
        QVERIFY(tested.wait(10000));
        QVERIFY2(tested.at(0).at(1).toBool(), qPrintable(tested.at(0).at(2).toString()));
        QVERIFY(tested.at(0).at(2).toString().contains(u"designer_probe"_s));

        job.testConnection(ConnectorKind::Sink, u"postgres"_s,
                           u"host=127.0.0.1 port=1 dbname=x connect_timeout=2"_s);
        QVERIFY(tested.wait(10000));
        QVERIFY(!tested.at(1).at(1).toBool());

        // A newer request wins: the older answer is dropped. Requests run in order on one
        // thread and answer in order, so the latest answer is the positive signal: the older
        // one came before it.
        job.testConnection(ConnectorKind::Sink, u"postgres"_s,
                           u"host=127.0.0.1 port=1 dbname=x connect_timeout=2"_s);
        const quint64 latest = job.testConnection(ConnectorKind::Sink, u"postgres"_s, m_dsn);
        QVERIFY(tested.wait(10000));
        QCOMPARE(tested.size(), 3);
        QCOMPARE(tested.at(2).at(0).toULongLong(), latest);
    }

    // "Test brokers" on a Kafka transport node: a live cluster answers with its topics, an
    // unreachable one says so within the deadline, "embedded" needs no test.
    void testBrokersFromThePage()
    {
        KafkaMockCluster kafka;
        kafka.createTopic(u"orders"_s, 2);
        DesignerPage page;
        DesignerDriver driver(&page);
        const int transport = driver.drop(ConnectorKind::Transport, u"kafka"_s, {300, 100});
        driver.select(transport);
        driver.type(u"brokers"_s, kafka.bootstrap());
        QSignalSpy tested(page.probeJob(), &SourceProbeJob::brokersTested);
        const auto [ok, answer] = answerTo(page.form()->testBrokersButton(), tested, 15000);
        QVERIFY2(ok && answer.contains(u"1 topic"_s), qPrintable(answer));

        page.probeJob()->testBrokers(u"127.0.0.1:1"_s, {{"socket.timeout.ms", "2000"}});
        QVERIFY(tested.wait(20000));
        QVERIFY(!tested.at(1).at(1).toBool());

        page.probeJob()->testBrokers(u"embedded"_s, {});
        QVERIFY(tested.wait(5000));
        QVERIFY(tested.at(2).at(1).toBool());
    }

    void browseTablesFromThePage()
    {
        DesignerPage page;
        DesignerDriver driver(&page);
        const int source = driver.drop(ConnectorKind::Source, u"postgres"_s, {100, 100});
        driver.select(source);
        driver.type(u"dsn"_s, m_dsn);
        driver.addRows(u"tables"_s, {{u"no_key"_s}});
        QVERIFY(browse(page));

        SourceTablesDialog *dialog = page.tablesDialog();
        SourceTableModel *model = dialog->model();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->rowCount(), 3);
        QVERIFY2(dialog->serverLabel()->text().contains(u"✔ wal_level: logical"_s),
                 qPrintable(dialog->serverLabel()->text()));
        QVERIFY(dialog->serverLabel()->text().contains(u"✔ REPLICATION: granted"_s));
        const int withKey = rowOf(model, u"public"_s, u"with_key"_s);
        const int noKey = rowOf(model, u"public"_s, u"no_key"_s);
        const int full = rowOf(model, u"sales"_s, u"Full"_s);
        QVERIFY(withKey >= 0 && noKey >= 0 && full >= 0);
        QCOMPARE(model->table(withKey).key, std::vector<std::string>{"id"});
        QVERIFY(model->table(withKey).capturable);
        QVERIFY(!model->table(noKey).capturable);
        QVERIFY(model->table(full).capturable);
        QCOMPARE(model->index(noKey, SourceTableModel::FixColumn).data().toString(),
                 uR"(ALTER TABLE "public"."no_key" REPLICA IDENTITY FULL;)"_s);
        QCOMPARE(model->index(full, SourceTableModel::FixColumn).data().toString(), QString());
        // Already in "tables": checked, and its fix is shown.
        QCOMPARE(model->index(noKey, 0).data(Qt::CheckStateRole).value<Qt::CheckState>(),
                 Qt::Checked);
        QCOMPARE(dialog->fixSqlView()->toPlainText(),
                 uR"(ALTER TABLE "public"."no_key" REPLICA IDENTITY FULL;)"_s);

        QVERIFY(model->setData(model->index(full, 0), Qt::Checked, Qt::CheckStateRole));
        QVERIFY(model->setData(model->index(withKey, 0), Qt::Checked, Qt::CheckStateRole));
        dialog->accept();
        const DocumentValue *tables = page.model()->state().node(source)->section.find("tables");
        QVERIFY(tables);
        QCOMPARE(tables->items,
                 (std::vector<std::string>{"public.no_key", "public.with_key", "sales.Full"}));
    }

    // A MySQL source node: Test connection and Browse tables… from the page against MariaDB,
    // with the server ready, then with binlog_format changed under it.
    void mysqlSourceFromThePage()
    {
        DesignerPage page;
        DesignerDriver driver(&page);
        const int source = driver.drop(ConnectorKind::Source, u"mysql"_s, {100, 100});
        driver.select(source);
        driver.type(u"dsn"_s, m_mariadb->dsn(u"shop"_s));
        QSignalSpy tested(page.probeJob(), &SourceProbeJob::connectionTested);
        const auto [ok, answer] = answerTo(page.form()->testConnectionButton(), tested, 10000);
        QVERIFY2(ok && answer.startsWith(u"Connected: MariaDB 10."_s), qPrintable(answer));

        QVERIFY(browse(page));
        SourceTablesDialog *dialog = page.tablesDialog();
        SourceTableModel *model = dialog->model();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString server = dialog->serverLabel()->text();
        for (const auto &met :
             {u"✔ log_bin: ON"_s, u"✔ binlog_format: ROW"_s, u"✔ binlog_row_image: FULL"_s,
              u"✔ binlog_row_metadata: FULL"_s, u"✔ REPLICATION REPLICA: granted"_s})
            QVERIFY2(server.contains(met), qPrintable(met + u" in "_s + server));
        QCOMPARE(model->rowCount(), 3); // the system databases are not listed
        const int orders = rowOf(model, u"shop"_s, u"orders"_s);
        const int audit = rowOf(model, u"shop"_s, u"audit"_s);
        const int legacy = rowOf(model, u"shop"_s, u"legacy"_s);
        QVERIFY(orders >= 0 && audit >= 0 && legacy >= 0);
        QCOMPARE(model->index(orders, SourceTableModel::KeyColumn).data().toString(),
                 u"region, id"_s);
        QCOMPARE(model->index(audit, SourceTableModel::KeyColumn).data().toString(), u"none"_s);
        QVERIFY(model->table(audit).capturable); // a full row image names the row
        QVERIFY(model->index(audit, SourceTableModel::StatusColumn)
                    .data()
                    .toString()
                    .contains(u"whole row"_s));
        QVERIFY(model->index(legacy, SourceTableModel::StatusColumn)
                    .data()
                    .toString()
                    .contains(u"MyISAM is not transactional"_s));
        QVERIFY(model->setData(model->index(orders, 0), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(dialog->fixSqlView()->toPlainText(), QString());
        dialog->accept();
        const DocumentValue *tables = page.model()->state().node(source)->section.find("tables");
        QVERIFY(tables);
        QCOMPARE(tables->items, std::vector<std::string>{"shop.orders"});

        // The server loses a setting capture needs: both helpers say so, with the fix.
        m_mariadb->exec({}, u"SET GLOBAL binlog_format = 'MIXED'"_s);
        const auto [unready, refusal] =
            answerTo(page.form()->testConnectionButton(), tested, 10000);
        m_mariadb->exec({}, u"SET GLOBAL binlog_format = 'ROW'"_s);
        QVERIFY(!unready);
        QVERIFY2(refusal.contains(u"binlog_format is MIXED, change data capture needs ROW"_s),
                 qPrintable(refusal));

        m_mariadb->exec({}, u"SET GLOBAL binlog_format = 'MIXED'"_s);
        QVERIFY(browse(page));
        m_mariadb->exec({}, u"SET GLOBAL binlog_format = 'ROW'"_s);
        QVERIFY2(
            dialog->serverLabel()->text().contains(u"✘ binlog_format: MIXED, capture needs ROW"_s),
            qPrintable(dialog->serverLabel()->text()));
        QVERIFY2(
            dialog->fixSqlView()->toPlainText().startsWith(u"SET GLOBAL binlog_format = 'ROW';"_s),
            qPrintable(dialog->fixSqlView()->toPlainText()));
    }

    // The http sink's "Send test request", clicked with the mouse, against the tests' webhook
    // receiver (which verifies Syncline-Signature): unsigned it is refused with 401, signed
    // with the secret from ${ENV} it is answered 200; the answer shows in the form.
    void httpSinkTestRequestFromThePage()
    {
        qputenv("SYNCLINE_TEST_DESIGNER_SECRET", "whsec_designer");
        WebhookReceiver receiver(u"whsec_designer"_s);
        QString problem;
        QVERIFY2(receiver.start(&problem), qPrintable(problem));

        DesignerPage page;
        page.resize(1200, 800);
        page.show();
        DesignerDriver driver(&page);
        driver.select(driver.drop(ConnectorKind::Sink, u"http"_s, {300, 100}));
        QPushButton *send = page.form()->testConnectionButton();
        QVERIFY(send);
        QCOMPARE(send->objectName(), u"sendTestRequest"_s);
        QCOMPARE(send->text(), u"Send test request"_s);
        QSignalSpy tested(page.probeJob(), &SourceProbeJob::connectionTested);
        auto click = [&] {
            const qsizetype before = tested.size();
            QTest::mouseClick(send, Qt::LeftButton);
            return tested.wait(10000) && tested.size() > before;
        };
        driver.type(u"url"_s, receiver.url() + u"?token=t0ps3cret"_s);
        QVERIFY(click());
        QVERIFY(!tested.last().at(1).toBool());
        QString message = tested.last().at(2).toString();
        QVERIFY2(message.contains(u"HTTP 401"_s) && message.contains(u"bad signature"_s),
                 qPrintable(message));
        driver.type(u"secret"_s, u"${SYNCLINE_TEST_DESIGNER_SECRET}"_s);
        QVERIFY(click());
        message = tested.last().at(2).toString();
        QVERIFY2(tested.last().at(1).toBool(), qPrintable(message));
        QVERIFY2(message.contains(u"answered a test request with HTTP 200"_s) &&
                     !message.contains(u"t0ps3cret"_s),
                 qPrintable(message));
        // What the form shows.
        const auto labels = page.form()->findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.begin(), labels.end(), [&](QLabel *label) {
            return label->isVisible() && label->text() == message;
        }));
    }

    // The Redis sink's live check: PING with AUTH from the url field.
    void redisSinkFromThePage()
    {
        RedisServer redis(u"designerprobe"_s, u"right-pass"_s);
        SYNCLINE_PG_CHECK(redis.start());
        DesignerPage page;
        DesignerDriver driver(&page);
        driver.select(driver.drop(ConnectorKind::Sink, u"redis"_s, {300, 100}));
        QVERIFY(page.form()->testConnectionButton());
        QSignalSpy tested(page.probeJob(), &SourceProbeJob::connectionTested);
        driver.type(u"url"_s, redis.urlWithPassword(u"wrong-pass"_s));
        const auto [refused, why] = answerTo(page.form()->testConnectionButton(), tested, 10000);
        QVERIFY(!refused);
        QVERIFY2(why.contains(u"Redis refused the password"_s) && !why.contains(u"wrong-pass"_s),
                 qPrintable(why));
        driver.type(u"url"_s, redis.url());
        const auto [ok, answer] = answerTo(page.form()->testConnectionButton(), tested, 10000);
        QVERIFY2(ok && answer.startsWith(u"Connected: Redis at redis://127.0.0.1:"_s),
                 qPrintable(answer));
    }

    void unmetRequirementFix()
    {
        SourceTablesDialog dialog;
        SourceBrowseResult result;
        result.inspection.requirements.push_back(
            {"wal_level", "replica", "logical", "wal_level is replica",
             "ALTER SYSTEM SET wal_level = logical;  -- then restart the server"});
        dialog.setResult(result, {});
        QVERIFY(dialog.serverLabel()->text().contains(u"✘ wal_level: replica"_s));
        QVERIFY(dialog.fixSqlView()->toPlainText().startsWith(
            u"ALTER SYSTEM SET wal_level = logical;"_s));
    }
};

SYNCLINE_GUI_TEST_MAIN(TestDesignerProbe)
#include "tst_designer_probe.moc"
