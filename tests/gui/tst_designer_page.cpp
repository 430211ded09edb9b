// The Designer page driven as a user would: connectors dropped from the palette, connected port
// to port, properties typed into the generated form; saved, reopened and saved again to the same
// YAML and layout; undo and redo; inline validation on a field and as a node badge; a
// hand-written file opened as a laid-out graph; Start handing the file to the workspace.

#include "designer/designer_model.h"
#include "designer/designer_validation.h"
#include "designer/layout_sidecar.h"
#include "designer_driver.h"
#include "gui_test_main.h"
#include "main_window.h"
#include "pipeline_controller.h"
#include "pipeline_workspace.h"
#include "widgets/inline_message.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>

using namespace syncline;
using namespace syncline::ui;
using namespace syncline::ui::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kDesigned = "pipeline: orders-fanout\n"
                             "source:\n"
                             "  type: postgres\n"
                             "  dsn: host=db1 dbname=shop password=${SHOP_PASSWORD}\n"
                             "  tables: [public.orders, public.items]\n"
                             "  snapshot: never\n"
                             "transport:\n"
                             "  type: kafka\n"
                             "  brokers: k1:9092,k2:9092\n"
                             "  partitions: 3\n"
                             "  tombstones: false\n"
                             "  properties:\n"
                             "    security.protocol: SASL_SSL\n"
                             "    sasl.password: ${KAFKA_PASSWORD}\n"
                             "sinks:\n"
                             "  - name: replica\n"
                             "    type: postgres\n"
                             "    dsn: host=db2 dbname=replica\n"
                             "  - name: archive\n"
                             "    type: postgres\n"
                             "    dsn: host=db3 dbname=archive\n"
                             "    on_error: stop\n";

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestDesignerPage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Builds kDesigned on the canvas; returns {source, transport, sink 1, sink 2}.
    QList<int> buildPipeline(DesignerPage &page)
    {
        DesignerDriver driver(&page);
        driver.type(u"pipeline"_s, u"orders-fanout"_s);
        const int source = driver.drop(ConnectorKind::Source, u"postgres"_s, {120, 200});
        const int transport = driver.drop(ConnectorKind::Transport, u"kafka"_s, {420, 200});
        const int replica = driver.drop(ConnectorKind::Sink, u"postgres"_s, {720, 120});
        const int archive = driver.drop(ConnectorKind::Sink, u"postgres"_s, {720, 300});
        if (!source || !transport || !replica || !archive)
            return {};
        driver.connect(source, transport);
        driver.connect(transport, replica);
        driver.connect(transport, archive);

        driver.select(source);
        driver.type(u"dsn"_s, u"host=db1 dbname=shop password=${SHOP_PASSWORD}"_s);
        driver.addRows(u"tables"_s, {{u"public.orders"_s}, {u"public.items"_s}});
        driver.choose(u"snapshot"_s, u"never"_s);
        driver.select(transport);
        driver.type(u"brokers"_s, u"k1:9092,k2:9092"_s);
        driver.spin(u"partitions"_s, 3);
        driver.check(u"tombstones"_s, Qt::Unchecked);
        driver.addRows(u"properties"_s, {{u"security.protocol"_s, u"SASL_SSL"_s},
                                         {u"sasl.password"_s, u"${KAFKA_PASSWORD}"_s}});
        driver.select(replica);
        driver.type(u"name"_s, u"replica"_s);
        driver.type(u"dsn"_s, u"host=db2 dbname=replica"_s);
        driver.select(archive);
        driver.type(u"name"_s, u"archive"_s);
        driver.type(u"dsn"_s, u"host=db3 dbname=archive"_s);
        driver.choose(u"on_error"_s, u"stop"_s);
        return {source, transport, replica, archive};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("SHOP_PASSWORD", "secret");
        qputenv("KAFKA_PASSWORD", "secret");
    }

    void buildSaveReopen()
    {
        DesignerPage page;
        page.resize(1280, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const QList<int> nodes = buildPipeline(page);
        QCOMPARE(nodes.size(), 4);
        QCOMPARE(page.model()->state().edges.size(), 3u);
        QVERIFY2(page.problems().isEmpty(), qPrintable(page.problems().general.join(u'\n') +
                                                       page.problems().all(nodes[0]).join(u'\n')));

        const QString file = m_dir.filePath(u"fanout.yaml"_s);
        QVERIFY(page.saveTo(file));
        QCOMPARE(readAll(file), kDesigned);
        QVERIFY(QFile::exists(layoutSidecarPath(file)));
        QVERIFY(!page.isModified());

        DesignerPage reopened;
        QVERIFY(reopened.openFile(file));
        QCOMPARE(reopened.model()->state().nodes.size(), 4u);
        QCOMPARE(reopened.model()->state().edges.size(), 3u);
        for (std::size_t i = 0; i < 4; ++i)
            QCOMPARE(reopened.model()->state().nodes[i].pos, page.model()->state().nodes[i].pos);
        QVERIFY(reopened.problems().isEmpty());
        const QString again = m_dir.filePath(u"again.yaml"_s);
        QVERIFY(reopened.saveTo(again));
        QCOMPARE(readAll(again), kDesigned);
        QCOMPARE(readAll(layoutSidecarPath(again)), readAll(layoutSidecarPath(file)));
    }

    void undoRedo()
    {
        DesignerPage page;
        DesignerDriver driver(&page);
        QUndoStack *undo = page.model()->undoStack();
        const int sink = driver.drop(ConnectorKind::Sink, u"postgres"_s, {300, 200});
        QVERIFY(sink);
        driver.select(sink);
        driver.type(u"name"_s, u"first"_s);
        driver.type(u"dsn"_s, u"host=a"_s);
        const QPointF dropped = page.model()->state().node(sink)->pos;
        page.model()->moveNode(sink, {50, 60});
        QCOMPARE(undo->count(), 4);

        undo->undo(); // move
        QCOMPARE(page.model()->state().node(sink)->pos, dropped);
        undo->undo(); // dsn
        QCOMPARE(page.model()->state().node(sink)->section.text("dsn"), std::string());
        QCOMPARE(qobject_cast<QLineEdit *>(driver.field(u"dsn"_s)->editor())->text(), QString());
        undo->undo(); // name
        undo->undo(); // the node
        QVERIFY(!page.model()->state().node(sink));
        QVERIFY(!page.scene()->nodeItem(sink));
        page.redoAction()->trigger();
        QVERIFY(page.scene()->nodeItem(sink));
        undo->redo();
        undo->redo();
        undo->redo();
        QCOMPARE(page.model()->state().node(sink)->section.text("dsn"), std::string("host=a"));
        QCOMPARE(page.model()->state().node(sink)->pos, QPointF(50, 60));

        page.scene()->selectNode(sink); // deleting is one step too
        page.scene()->deleteSelection();
        QVERIFY(page.model()->state().nodes.empty());
        undo->undo();
        QCOMPARE(page.model()->state().node(sink)->section.text("name"), std::string("first"));
    }

    void inlineValidation()
    {
        DesignerPage page;
        DesignerDriver driver(&page);
        const auto [source, sink] = driver.sourceToSink(u"orders"_s);
        // Required and left empty: on the field and as the node's badge.
        QCOMPARE(page.problems().fields.value(sink).value(u"name"_s).size(), 1);
        QVERIFY(driver.field(u"name"_s)->errorLabel()->isVisibleTo(&page));
        QCOMPARE(page.scene()->nodeItem(sink)->problemCount(), 1);

        driver.type(u"name"_s, u"no spaces allowed"_s);
        const QString error = driver.field(u"name"_s)->errorLabel()->text();
        QVERIFY2(error.contains(u"name"_s), qPrintable(error));
        QVERIFY(driver.field(u"name"_s)->errorLabel()->isVisibleTo(&page));
        QCOMPARE(page.scene()->nodeItem(sink)->problemCount(), 1);
        QCOMPARE(page.scene()->nodeItem(source)->problemCount(), 0);

        driver.type(u"name"_s, u"replica"_s);
        QVERIFY(!driver.field(u"name"_s)->errorLabel()->isVisibleTo(&page));
        QCOMPARE(page.scene()->nodeItem(sink)->problemCount(), 0);
        QVERIFY(page.problems().isEmpty());

        // The graph: a disconnected sink is flagged; a sink cannot feed anything.
        page.model()->disconnectNodes(source, sink);
        QCOMPARE(page.problems().nodes.value(sink).size(), 1);
        QVERIFY(!page.model()->connectNodes(sink, source));
    }

    void opensHandWrittenFileAsGraph()
    {
        const QString file = m_dir.filePath(u"hand.yaml"_s);
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("# written by hand\n"
                  "pipeline: hand\n"
                  "sinks:\n"
                  "  - {name: a, type: postgres, dsn: host=x}\n"
                  "  - {name: b, type: postgres, dsn: host=y}\n"
                  "source: {type: postgres, dsn: host=z, tables: [t]}\n");
        out.close();
        DesignerPage page;
        QVERIFY(page.openFile(file));
        const DesignerState &state = page.model()->state();
        QCOMPARE(state.nodes.size(), 3u);
        QCOMPARE(state.edges.size(), 2u); // no transport: source -> each sink
        QVERIFY(page.problems().isEmpty());
        QSet<QPair<qreal, qreal>> places;
        for (const auto &node : state.nodes)
            places.insert({node.pos.x(), node.pos.y()});
        QCOMPARE(places.size(), 3); // laid out, not piled up

        QVERIFY(!page.openFile(m_dir.filePath(u"missing.yaml"_s)));
        QVERIFY(page.message()->isVisibleTo(&page));
    }

    void selectingANodeShowsItsErrors()
    {
        const QString file = m_dir.filePath(u"unset.yaml"_s);
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("pipeline: unset\n"
                  "source: {type: postgres, dsn: host=z, tables: [t]}\n"
                  "sinks: [{name: a, type: postgres, dsn: \"${SYNCLINE_TEST_UNSET}\"}]\n");
        out.close();
        DesignerPage page;
        QVERIFY(page.openFile(file));
        const int sink = page.model()->state().nodes.back().id;
        QCOMPARE(page.scene()->nodeItem(sink)->problemCount(), 1);
        DesignerDriver(&page).select(sink);
        QVERIFY(DesignerDriver(&page).field(u"dsn"_s)->errorLabel()->isVisibleTo(&page));
        QVERIFY(DesignerDriver(&page).field(u"dsn"_s)->errorLabel()->text().contains(
            u"SYNCLINE_TEST_UNSET"_s));
    }

    void startHandsTheFileToTheWorkspace()
    {
        MainWindow window;
        DesignerPage *page = window.designerPage();
        QVERIFY(page);
        const QString file = m_dir.filePath(u"start.yaml"_s);
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("pipeline: start-me\n"); // opens, but has problems: it does not run
        out.close();
        QVERIFY(page->openFile(file));
        QSignalSpy started(page, &DesignerPage::startRequested);
        page->startPipeline();
        QCOMPARE(started.size(), 1);
        QCOMPARE(window.workspace()->pipelines().size(), 1);
        PipelineController *controller = window.workspace()->pipelines().front();
        QCOMPARE(controller->file(), QFileInfo(file).absoluteFilePath());
        QVERIFY(!controller->isRunning());
        QVERIFY(!controller->configProblems().isEmpty());
    }
};

SYNCLINE_GUI_TEST_MAIN(TestDesignerPage)
#include "tst_designer_page.moc"
