// The Designer's Privacy view and transform Preview against a real PostgreSQL from the harness:
// "Read columns" lists the captured table's columns with their pii: tags from the column
// comments and the step covering each, flags the tagged column no step masks (birth_date);
// "Preview…" on a step fetches live rows on a worker thread and shows them after the chain
// (hashed), the raw values only after the confirmation.

#include "designer/designer_model.h"
#include "designer/privacy_column_model.h"
#include "designer/privacy_panel.h"
#include "designer/transform_preview_dialog.h"
#include "designer/transform_preview_model.h"
#include "designer/transform_step_bar.h"
#include "designer_driver.h"
#include "gui_test_main.h"
#include "main_window.h"
#include "mariadb_server.h"
#include "message_box_answer.h"
#include "pg_cluster.h"
#include "source_probe_job.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTranslator>

using namespace syncline;
using namespace syncline::ui;
using namespace syncline::ui::test;
using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestDesignerPrivacy : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_file;
    QTranslator m_plurals;

    // For the README's screenshots (SYNCLINE_SCREENSHOT_PAUSE_MS): the window held still after
    // "SCREENSHOT-READY <name>".
    static int screenshotPauseMs()
    {
        return qEnvironmentVariableIntValue("SYNCLINE_SCREENSHOT_PAUSE_MS");
    }
    static void holdStill(const char *name)
    {
        qInfo("SCREENSHOT-READY %s", name);
        QTest::qWait(screenshotPauseMs());
    }

    // The Designer with a step selected, then the Privacy view.
    static void holdForScreenshots(DesignerPage &page)
    {
        if (!screenshotPauseMs())
            return;
        page.view()->showAll();
        const auto steps = page.model()->state().nodesOf(ConnectorKind::Transform);
        page.scene()->selectNode(steps.front()->id);
        page.sideTabs()->setCurrentIndex(0);
        holdStill("designer-transforms");
        page.showPrivacy();
        page.findChild<QSplitter *>()->setSizes({130, 480, 830}); // every column readable
        page.view()->showAll();
        holdStill("privacy");
    }

    // The console's window on the Designer page, as the README's screenshots show it.
    static bool showDesigner(MainWindow &window)
    {
        window.showPage(MainWindow::DesignerPageIndex);
        window.resize(1440, 900);
        window.move(0, 0);
        window.show();
        return QTest::qWaitForWindowExposed(&window);
    }

    static int rowOf(const PrivacyColumnModel &model, const QString &column)
    {
        for (int row = 0; row < model.rowCount(); ++row)
            if (model.index(row, PrivacyColumnModel::NameColumn).data() == column)
                return row;
        return -1;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The English plural forms the console installs ("1 table", "3 columns").
        QVERIFY(m_plurals.load(QStringLiteral(SYNCLINE_EN_QM)));
        QCoreApplication::installTranslator(&m_plurals);
        qputenv("SYNCLINE_TEST_PII_KEY", "designer-privacy-test-key-0123456789");
        SYNCLINE_PG_CHECK({
            PgCluster &pg = PgCluster::sharedSource();
            pg.createDatabase(u"designer_privacy"_s);
            pg.exec(u"designer_privacy"_s,
                    u"CREATE TABLE public.users (id int PRIMARY KEY, email text, phone text, "
                    "  birth_date date, note text);"
                    "COMMENT ON COLUMN public.users.email IS 'Work address. pii:email';"
                    "COMMENT ON COLUMN public.users.phone IS 'pii:phone';"
                    "COMMENT ON COLUMN public.users.birth_date IS 'pii:birth_date';"
                    "INSERT INTO public.users SELECT i, 'user' || i || '@example.com', "
                    "  '555-01' || i, date '1980-01-01' + i, NULL "
                    "  FROM generate_series(1, 8) i;"
                    "CREATE TABLE public.audit (v text);"_s);
            const QString dsn = pg.dsn(u"designer_privacy"_s);
            m_file = m_dir.filePath(u"private.yaml"_s);
            QFile out(m_file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write("pipeline: private\n"
                      "source:\n"
                      "  type: postgres\n"
                      "  dsn: \"" +
                      dsn.toUtf8() +
                      "\"\n"
                      "  tables: [public.users]\n"
                      "transforms:\n"
                      "  - type: mask\n"
                      "    columns: [\"*.email\"]\n"
                      "    with: hash\n"
                      "    key: ${SYNCLINE_TEST_PII_KEY}\n"
                      "  - type: mask\n"
                      "    columns: [users.phone]\n"
                      "    with: partial\n"
                      "transport: {type: kafka, brokers: embedded}\n"
                      "sinks:\n"
                      "  - {name: replica, type: postgres, dsn: host=unused}\n");
        });
    }

    void privacyViewReadsTheSource()
    {
        MainWindow window;
        QVERIFY(showDesigner(window));
        DesignerPage &page = *window.designerPage();
        QVERIFY(page.openFile(m_file));
        page.showPrivacy();
        PrivacyPanel *panel = page.privacyPanel();
        PrivacyColumnModel *model = panel->model();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy read(page.privacyJob(), &SourceProbeJob::sourceBrowsed);
        QTest::mouseClick(panel->readButton(), Qt::LeftButton);
        QVERIFY(read.wait(10000));

        QCOMPARE(model->rowCount(), 5); // public.users only: the source captures no other
        const int id = rowOf(*model, u"id"_s);
        const int email = rowOf(*model, u"email"_s);
        const int phone = rowOf(*model, u"phone"_s);
        const int birthDate = rowOf(*model, u"birth_date"_s);
        QCOMPARE(model->index(id, PrivacyColumnModel::TypeColumn).data().toString(), u"integer"_s);
        QCOMPARE(model->index(email, PrivacyColumnModel::TagsColumn).data().toString(),
                 u"pii:email"_s);
        QCOMPARE(model->index(email, PrivacyColumnModel::RuleColumn).data().toString(),
                 u"mask hash — step 1 (*.email)"_s);
        QVERIFY(!model->index(email, 0).data(PrivacyColumnModel::UnmaskedRole).toBool());
        QCOMPARE(model->index(phone, PrivacyColumnModel::RuleColumn).data().toString(),
                 u"mask partial — step 2 (users.phone)"_s);
        QVERIFY(!model->index(phone, 0).data(PrivacyColumnModel::UnmaskedRole).toBool());
        QVERIFY(model->index(birthDate, 0).data(PrivacyColumnModel::UnmaskedRole).toBool());
        QCOMPARE(model->index(birthDate, PrivacyColumnModel::NameColumn)
                     .data(Qt::ForegroundRole)
                     .value<QBrush>()
                     .color(),
                 QColor(0xc6, 0x28, 0x28));
        QVERIFY2(panel->summaryLabel()->text().startsWith(
                     u"3 columns tagged pii: in 1 table. Masked by no step (red): 1."_s),
                 qPrintable(panel->summaryLabel()->text()));

        holdForScreenshots(page);

        // allow_unmasked, typed into the pipeline's form: the flag goes.
        DesignerDriver driver(&page);
        driver.select(0);
        driver.addRows(u"allow_unmasked"_s, {{u"users.birth_date"_s}});
        QCOMPARE(model->unmaskedCount(), 0);
    }

    void previewFromAStep()
    {
        MainWindow window;
        QVERIFY(showDesigner(window));
        DesignerPage &page = *window.designerPage();
        QVERIFY(page.openFile(m_file));
        const int step = page.model()->state().nodesOf(ConnectorKind::Transform).front()->id;
        DesignerDriver(&page).select(step);
        QTest::mouseClick(page.form()->stepBar()->previewButton(), Qt::LeftButton);
        TransformPreviewDialog *dialog = page.previewDialog();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->tableBox()->currentText(), u"public.users"_s);
        TransformPreviewModel *model = dialog->model();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);

        QSignalSpy previewed(page.previewJob(), &SourceProbeJob::transformsPreviewed);
        QTest::mouseClick(dialog->fetchButton(), Qt::LeftButton);
        QVERIFY(previewed.wait(10000));
        QVERIFY2(previewed.last().at(1).value<TransformPreviewResult>().error.isEmpty(),
                 qPrintable(dialog->statusLabel()->text()));
        QCOMPARE(model->sampledRows(), TransformPreviewDialog::kRows);
        QCOMPARE(model->rowCount(), 5 * TransformPreviewDialog::kRows);
        const QRegularExpression hex(u"^[0-9a-f]{64}$"_s);
        for (int row = 0; row < model->rowCount(); ++row) {
            QCOMPARE(model->index(row, TransformPreviewModel::BeforeColumn).data().toString(),
                     u"hidden"_s);
            const QString after =
                model->index(row, TransformPreviewModel::AfterColumn).data().toString();
            const QVariant column = model->index(row, TransformPreviewModel::NameColumn).data();
            if (column == u"email"_s)
                QVERIFY2(hex.match(after).hasMatch(), qPrintable(after));
            if (column == u"phone"_s)
                QVERIFY2(after.startsWith(u"***-"_s), qPrintable(after)); // separators stay
        }

        if (screenshotPauseMs()) {
            page.view()->showAll();
            dialog->setGeometry(QRect(QPoint(300, 380), QSize(840, 460))); // under the steps
            holdStill("preview");
        }

        QString question;
        acceptNextMessageBox(u"confirmRawValues"_s, &question);
        QTest::mouseClick(dialog->showRawButton(), Qt::LeftButton);
        QVERIFY(question.contains(u"personal data"_s));
        QVERIFY(model->index(1, TransformPreviewModel::BeforeColumn)
                    .data()
                    .toString()
                    .endsWith(u"@example.com"_s));

        // A table the server does not have: said in the dialog.
        dialog->tableBox()->setCurrentText(u"public.missing"_s);
        QTest::mouseClick(dialog->fetchButton(), Qt::LeftButton);
        QVERIFY(previewed.wait(10000));
        QVERIFY2(dialog->statusLabel()->text().contains(u"missing"_s),
                 qPrintable(dialog->statusLabel()->text()));
        QCOMPARE(model->rowCount(), 0);
    }

    // A MySQL source: the rows a snapshot would read (MariaDB's values as PostgreSQL text), the
    // mask applied by column pattern.
    void previewOfAMysqlSource()
    {
        MariaDbServer mariadb(u"designerprivacy"_s);
        mariadb.start();
        mariadb.exec({}, u"CREATE DATABASE shop;"
                         "CREATE TABLE shop.customers (id int PRIMARY KEY, email varchar(80), "
                         "  joined datetime) ENGINE=InnoDB;"
                         "INSERT INTO shop.customers VALUES (1, 'ann@example.com', "
                         "  '2024-05-06 07:08:09'), (2, 'bob@example.com', NULL);"_s);
        const QString file = m_dir.filePath(u"mysql.yaml"_s);
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("pipeline: shop\n"
                  "source:\n"
                  "  type: mysql\n"
                  "  dsn: \"" +
                  mariadb.dsn(u"shop"_s).toUtf8() +
                  "\"\n"
                  "  server_id: 4242\n"
                  "  tables: [shop.customers]\n"
                  "transforms:\n"
                  "  - {type: mask, columns: [customers.email], with: redact}\n"
                  "sinks:\n"
                  "  - {name: replica, type: postgres, dsn: host=unused}\n");
        out.close();

        DesignerPage page;
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(page.openFile(file));
        page.openPreview(u"shop.customers"_s);
        TransformPreviewDialog *dialog = page.previewDialog();
        QSignalSpy previewed(page.previewJob(), &SourceProbeJob::transformsPreviewed);
        QTest::mouseClick(dialog->fetchButton(), Qt::LeftButton);
        QVERIFY(previewed.wait(15000));
        QVERIFY2(previewed.last().at(1).value<TransformPreviewResult>().error.isEmpty(),
                 qPrintable(dialog->statusLabel()->text()));
        TransformPreviewModel *model = dialog->model();
        QCOMPARE(model->sampledRows(), 2);
        auto after = [model](int row) {
            return model->index(row, TransformPreviewModel::AfterColumn).data().toString();
        };
        QCOMPARE(after(1), u"[redacted]"_s);
        QCOMPARE(after(2), u"2024-05-06 07:08:09"_s);
        QCOMPARE(after(5), u"NULL"_s);
    }
};

SYNCLINE_GUI_TEST_MAIN(TestDesignerPrivacy)
#include "tst_designer_privacy.moc"
