// The designer's live helpers against a real PostgreSQL server from the harness: Test connection
// (and a DSN that fails), and "Browse tables…" from the page: every table with its key and
// replica identity status, wal_level, the exact SQL that fixes what is missing for the checked
// tables, and the checked tables written to the source's "tables".

#include "designer/designer_model.h"
#include "designer/source_table_model.h"
#include "designer/source_tables_dialog.h"
#include "designer_driver.h"
#include "gui_test_main.h"
#include "kafka_mock.h"
#include "pg_cluster.h"
#include "source_probe_job.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>

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
        });
    }

    void testConnection()
    {
        SourceProbeJob job;
        QSignalSpy tested(&job, &SourceProbeJob::connectionTested);
        job.testConnection(m_dsn);
        QVERIFY(tested.wait(10000));
        QVERIFY2(tested.at(0).at(1).toBool(), qPrintable(tested.at(0).at(2).toString()));
        QVERIFY(tested.at(0).at(2).toString().contains(u"designer_probe"_s));

        job.testConnection(u"host=127.0.0.1 port=1 dbname=x connect_timeout=2"_s);
        QVERIFY(tested.wait(10000));
        QVERIFY(!tested.at(1).at(1).toBool());

        // A newer request wins: the older answer is dropped. Requests run in order on one
        // thread and answer in order, so the latest answer is the positive signal: the older
        // one came before it.
        job.testConnection(u"host=127.0.0.1 port=1 dbname=x connect_timeout=2"_s);
        const quint64 latest = job.testConnection(m_dsn);
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
        QVERIFY(page.form()->testBrokersButton());
        page.form()->testBrokersButton()->click();
        QVERIFY(tested.wait(15000));
        QVERIFY2(tested.at(0).at(1).toBool(), qPrintable(tested.at(0).at(2).toString()));
        QVERIFY2(tested.at(0).at(2).toString().contains(u"1 topic"_s),
                 qPrintable(tested.at(0).at(2).toString()));

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
        QSignalSpy browsed(page.probeJob(), &SourceProbeJob::sourceBrowsed);
        page.form()->browseButton()->click();
        QVERIFY(browsed.wait(10000));

        SourceTablesDialog *dialog = page.tablesDialog();
        SourceTableModel *model = dialog->model();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->rowCount(), 3);
        QVERIFY(dialog->walLabel()->text().contains(u"logical"_s));
        auto row = [&](const QString &schema, const QString &name) {
            for (int r = 0; r < model->rowCount(); ++r) {
                if (model->index(r, SourceTableModel::SchemaColumn).data() == schema &&
                    model->index(r, SourceTableModel::TableColumn).data() == name)
                    return r;
            }
            return -1;
        };
        const int withKey = row(u"public"_s, u"with_key"_s);
        const int noKey = row(u"public"_s, u"no_key"_s);
        const int full = row(u"sales"_s, u"Full"_s);
        QVERIFY(withKey >= 0 && noKey >= 0 && full >= 0);
        QVERIFY(model->table(withKey).hasPrimaryKey && model->table(withKey).capturable());
        QVERIFY(!model->table(noKey).capturable());
        QVERIFY(model->table(full).capturable());
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

    void walLevelFix()
    {
        SourceTablesDialog dialog;
        SourceBrowseResult result;
        result.walLevel = u"replica"_s;
        result.walFixSql = QString::fromStdString(WalLevelCheck{"replica"}.fixSql());
        dialog.setResult(result, {});
        QVERIFY(dialog.walLabel()->text().contains(u"replica"_s));
        QVERIFY(dialog.fixSqlView()->toPlainText().startsWith(
            u"ALTER SYSTEM SET wal_level = logical;"_s));
    }
};

SYNCLINE_GUI_TEST_MAIN(TestDesignerProbe)
#include "tst_designer_probe.moc"
