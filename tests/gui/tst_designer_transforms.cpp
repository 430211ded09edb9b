// Transform steps in the Designer, driven as a user would: every transform type of the registry
// in the palette; a step dropped on the canvas and edited in its generated form; a file with
// "transforms:" opened as nodes between source and transport, in order, and saved back in
// order; steps moved up and down and deleted with their buttons (each one undo step); the
// Privacy view's coverage following the steps as they are edited; the preview's raw values
// hidden until confirmed. Item models run under QAbstractItemModelTester.

#include "designer/designer_model.h"
#include "designer/designer_validation.h"
#include "designer/privacy_column_model.h"
#include "designer/privacy_panel.h"
#include "designer/transform_preview_dialog.h"
#include "designer/transform_preview_model.h"
#include "designer/transform_step_bar.h"
#include "designer_driver.h"
#include "gui_test_main.h"
#include "message_box_answer.h"

#include "config/pipeline_yaml_reader.h"
#include "connector/source_inspection.h"
#include "model/type_oids.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QUndoStack>

using namespace syncline;
using namespace syncline::ui;
using namespace syncline::ui::test;
using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kWithTransforms = "pipeline: private\n"
                                   "source:\n"
                                   "  type: postgres\n"
                                   "  dsn: host=db1 dbname=shop\n"
                                   "  tables: [public.users]\n"
                                   "transforms:\n"
                                   "  - type: mask\n"
                                   "    columns: [\"*.email\"]\n"
                                   "    with: redact\n"
                                   "  - type: mask\n"
                                   "    columns: [users.phone]\n"
                                   "    with: partial\n"
                                   "  - type: mask\n"
                                   "    tagged: [pii:*]\n"
                                   "    with: \"null\"\n"
                                   "transport:\n"
                                   "  type: direct\n"
                                   "sinks:\n"
                                   "  - name: replica\n"
                                   "    type: postgres\n"
                                   "    dsn: host=db2 dbname=replica\n";

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The "with" of each transform step of a saved file, in file order.
QStringList stepsOf(const QByteArray &yaml)
{
    QStringList withs;
    auto read = readPipelineYaml(yaml.toStdString(), "/x.yaml");
    for (const auto &step : std::get<PipelineDocument>(read).transforms)
        withs += QString::fromStdString(step.text("with"));
    return withs;
}

InspectedTable usersTable()
{
    InspectedTable table{.schema = "public", .name = "users", .key = {"id"}};
    table.columns = {
        {.name = "id", .typeOid = type_oids::kText, .sqlType = "integer"},
        {.name = "email", .typeOid = type_oids::kText, .sqlType = "text", .comment = "pii:email"},
        {.name = "phone", .typeOid = type_oids::kText, .sqlType = "text", .comment = "pii:phone"},
        {.name = "note", .typeOid = type_oids::kText, .sqlType = "text"},
    };
    table.markKeyColumns();
    return table;
}

// The row of `column` in the Privacy model, or -1.
int privacyRow(const PrivacyColumnModel &model, const QString &column)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.index(row, PrivacyColumnModel::NameColumn).data() == column)
            return row;
    return -1;
}

} // namespace

class TestDesignerTransforms : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString writeFile(const QString &name, const QByteArray &yaml)
    {
        const QString path = m_dir.filePath(name);
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly))
            return {};
        out.write(yaml);
        return path;
    }

    static std::vector<int> stepIds(const DesignerPage &page)
    {
        std::vector<int> ids;
        for (const auto *node : page.model()->state().nodesOf(ConnectorKind::Transform))
            ids.push_back(node->id);
        return ids;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Generic: a transform type added to core's registry appears without UI code.
    void paletteListsEveryTransformType()
    {
        DesignerPage page;
        int types = 0;
        for (const auto &spec : connectorSpecs()) {
            if (spec.kind != ConnectorKind::Transform)
                continue;
            ++types;
            QTreeWidgetItem *item = page.palette()->itemFor(ConnectorKind::Transform,
                                                            QString::fromStdString(spec.type));
            QVERIFY2(item, spec.type.c_str());
            QCOMPARE(item->parent()->text(0), u"Transforms"_s);
        }
        QVERIFY(types >= 1);
    }

    void dropAndEditAStep()
    {
        DesignerPage page;
        DesignerDriver driver(&page);
        const auto [source, sink] = driver.sourceToSink(u"users"_s);
        driver.type(u"name"_s, u"replica"_s);
        QVERIFY(page.problems().isEmpty());

        const int step = driver.drop(ConnectorKind::Transform, u"mask"_s, {400, 60});
        QVERIFY(step);
        QCOMPARE(page.model()->state().node(step)->kind, ConnectorKind::Transform);
        driver.select(step);
        QVERIFY(page.form()->stepBar());
        // Required and missing: on the step's field, as for any other node.
        QVERIFY(!page.problems().fields.value(step).value(u"with"_s).isEmpty());
        QVERIFY(page.scene()->nodeItem(step)->problemCount() >= 1);
        driver.addRows(u"columns"_s, {{u"*.email"_s}});
        driver.choose(u"with"_s, u"redact"_s);
        QVERIFY2(page.problems().isEmpty(), qPrintable(page.problems().all(step).join(u'\n')));

        const PipelineDocument document = page.model()->state().toDocument();
        QCOMPARE(document.transforms.size(), std::size_t(1));
        QCOMPARE(document.transforms[0].text("with"), std::string("redact"));
        // Transforms take no edge: the chain is drawn from the source through them.
        QVERIFY(!page.model()->connectNodes(source, step));
        QVERIFY(!page.model()->connectNodes(step, sink));
        const QString tip = page.scene()->nodeItem(step)->toolTip();
        QVERIFY2(tip.startsWith(u"Step 1 · mask"_s), qPrintable(tip));
    }

    // Steps need a source: said with the pipeline's own settings, not on a field they do not own.
    void aStepWithoutASource()
    {
        DesignerPage page;
        DesignerDriver driver(&page);
        const int step = driver.drop(ConnectorKind::Transform, u"mask"_s, {300, 100});
        QVERIFY(step);
        const QStringList missing = page.problems().fields.value(0).value(u"source"_s);
        QVERIFY2(!missing.isEmpty() && missing.front().contains(u"missing required key 'source'"_s),
                 qPrintable(page.problems().all(0).join(u'\n')));
        QVERIFY(page.problems().fields.value(0).value(u"pipeline"_s).isEmpty());
        QVERIFY(!page.problems().fields.value(step).value(u"with"_s).isEmpty());
    }

    void openShowsStepsInOrderAndSavesThemBack()
    {
        DesignerPage page;
        QVERIFY(page.openFile(writeFile(u"private.yaml"_s, kWithTransforms)));
        QVERIFY2(page.problems().isEmpty(), qPrintable(page.problems().general.join(u'\n')));
        const DesignerState &state = page.model()->state();
        const auto steps = state.nodesOf(ConnectorKind::Transform);
        QCOMPARE(steps.size(), std::size_t(3));
        QCOMPARE(steps[0]->section.text("with"), std::string("redact"));
        QCOMPARE(steps[2]->section.text("with"), std::string("null"));
        // Between source and transport, left to right in chain order.
        const qreal source = state.nodesOf(ConnectorKind::Source).front()->pos.x();
        const qreal transport = state.nodesOf(ConnectorKind::Transport).front()->pos.x();
        QVERIFY(source < steps[0]->pos.x());
        QVERIFY(steps[0]->pos.x() < steps[1]->pos.x() && steps[1]->pos.x() < steps[2]->pos.x());
        QVERIFY(steps[2]->pos.x() < transport);
        // The source's edge is drawn through the steps: source -> 1 -> 2 -> 3 -> transport.
        QSet<QPair<int, int>> drawn;
        const QList<QGraphicsItem *> items = page.scene()->items();
        for (QGraphicsItem *item : items)
            if (item->type() == EdgeItem::Type) {
                const auto *edge = static_cast<EdgeItem *>(item);
                drawn.insert({edge->startNode(), edge->endNode()});
            }
        const int sourceId = state.nodesOf(ConnectorKind::Source).front()->id;
        const int transportId = state.nodesOf(ConnectorKind::Transport).front()->id;
        QVERIFY(drawn.contains({sourceId, steps[0]->id}));
        QVERIFY(drawn.contains({steps[0]->id, steps[1]->id}));
        QVERIFY(drawn.contains({steps[1]->id, steps[2]->id}));
        QVERIFY(drawn.contains({steps[2]->id, transportId}));
        QVERIFY(!drawn.contains({sourceId, transportId}));

        const QString saved = m_dir.filePath(u"saved.yaml"_s);
        QVERIFY(page.saveTo(saved));
        QCOMPARE(readAll(saved).split('\n'), kWithTransforms.split('\n'));
        DesignerPage reopened; // positions come back from the layout sidecar
        QVERIFY(reopened.openFile(saved));
        const auto again = reopened.model()->state().nodesOf(ConnectorKind::Transform);
        for (std::size_t i = 0; i < again.size(); ++i)
            QCOMPARE(again[i]->pos, steps[i]->pos);
    }

    void moveAndDeleteStepsWithTheirButtons()
    {
        DesignerPage page;
        page.resize(1280, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(page.openFile(writeFile(u"reorder.yaml"_s, kWithTransforms)));
        const std::vector<int> ids = stepIds(page);
        DesignerDriver driver(&page);
        driver.select(ids[2]);
        TransformStepBar *bar = page.form()->stepBar();
        QVERIFY(bar);
        QVERIFY(!bar->downButton()->isEnabled()); // the last step
        QTest::mouseClick(bar->upButton(), Qt::LeftButton);
        QCOMPARE(stepIds(page), (std::vector<int>{ids[0], ids[2], ids[1]}));
        QVERIFY(page.saveTo(m_dir.filePath(u"moved.yaml"_s)));
        QCOMPARE(stepsOf(readAll(m_dir.filePath(u"moved.yaml"_s))),
                 (QStringList{u"redact"_s, u"null"_s, u"partial"_s}));

        bar = page.form()->stepBar();
        QTest::mouseClick(bar->upButton(), Qt::LeftButton);
        QCOMPARE(stepIds(page), (std::vector<int>{ids[2], ids[0], ids[1]}));
        QVERIFY(!page.form()->stepBar()->upButton()->isEnabled()); // now the first
        QTest::mouseClick(page.form()->stepBar()->downButton(), Qt::LeftButton);
        QCOMPARE(stepIds(page), (std::vector<int>{ids[0], ids[2], ids[1]}));

        QTest::mouseClick(page.form()->stepBar()->deleteButton(), Qt::LeftButton);
        QCOMPARE(stepIds(page), (std::vector<int>{ids[0], ids[1]}));
        QVERIFY(!page.scene()->nodeItem(ids[2]));
        QVERIFY(page.saveTo(m_dir.filePath(u"deleted.yaml"_s)));
        QCOMPARE(stepsOf(readAll(m_dir.filePath(u"deleted.yaml"_s))),
                 (QStringList{u"redact"_s, u"partial"_s}));

        page.model()->undoStack()->undo();
        QCOMPARE(stepIds(page), (std::vector<int>{ids[0], ids[2], ids[1]}));
        page.model()->undoStack()->undo();
        page.model()->undoStack()->undo();
        page.model()->undoStack()->undo();
        QCOMPARE(stepIds(page), ids);
    }

    void privacyModelFlagsUnmaskedPii()
    {
        PrivacyColumnModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTables({usersTable().shape()});
        TransformConfig hash;
        hash.with = "hash";
        hash.columns = {"*.email"};
        model.setSteps({hash}, {});
        QCOMPARE(model.rowCount(), 4);
        const int email = privacyRow(model, u"email"_s);
        const int phone = privacyRow(model, u"phone"_s);
        QCOMPARE(model.index(email, PrivacyColumnModel::RuleColumn).data().toString(),
                 u"mask hash — step 1 (*.email)"_s);
        QCOMPARE(model.index(email, PrivacyColumnModel::TagsColumn).data().toString(),
                 u"pii:email"_s);
        QVERIFY(!model.index(email, 0).data(PrivacyColumnModel::UnmaskedRole).toBool());
        QVERIFY(model.index(phone, 0).data(PrivacyColumnModel::UnmaskedRole).toBool());
        QCOMPARE(model.index(phone, PrivacyColumnModel::NameColumn)
                     .data(Qt::ForegroundRole)
                     .value<QBrush>()
                     .color(),
                 QColor(0xc6, 0x28, 0x28));
        QVERIFY(!model.index(privacyRow(model, u"note"_s), 0).data(Qt::ForegroundRole).isValid());
        QCOMPARE(model.unmaskedCount(), 1);

        model.setSteps({hash}, {"users.phone"});
        QCOMPARE(model.unmaskedCount(), 0);
        QCOMPARE(model.index(phone, PrivacyColumnModel::RuleColumn).data().toString(),
                 u"allow_unmasked"_s);
        model.setTables({});
        QCOMPARE(model.rowCount(), 0);
    }

    // The Privacy view follows the steps as they are edited on the canvas.
    void privacyViewFollowsTheDesigner()
    {
        DesignerPage page;
        QVERIFY(page.openFile(writeFile(u"follow.yaml"_s, kWithTransforms)));
        page.privacyPanel()->setTables({usersTable()}, {"public.users"});
        PrivacyColumnModel *model = page.privacyPanel()->model();
        QCOMPARE(model->unmaskedCount(), 0); // step 3 nulls every tagged column
        QCOMPARE(model->index(privacyRow(*model, u"email"_s), PrivacyColumnModel::RuleColumn)
                     .data()
                     .toString(),
                 u"mask redact — step 1 (*.email); mask null — step 3 (pii:*)"_s);

        const std::vector<int> ids = stepIds(page);
        QSignalSpy reset(model, &QAbstractItemModel::modelReset);
        page.model()->moveNode(ids[0], {10, 400}); // not a change of the steps: kept as is
        QCOMPARE(reset.size(), 0);
        DesignerDriver driver(&page);
        driver.select(ids[2]);
        QTest::mouseClick(page.form()->stepBar()->deleteButton(), Qt::LeftButton);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model->unmaskedCount(), 0); // phone: step 2, email: step 1
        driver.select(ids[1]);
        QTest::mouseClick(page.form()->stepBar()->deleteButton(), Qt::LeftButton);
        QCOMPARE(model->unmaskedCount(), 1);
        QVERIFY(model->index(privacyRow(*model, u"phone"_s), 0)
                    .data(PrivacyColumnModel::UnmaskedRole)
                    .toBool());
        QVERIFY2(
            page.privacyPanel()->summaryLabel()->text().contains(u"Masked by no step (red): 1."_s),
            qPrintable(page.privacyPanel()->summaryLabel()->text()));

        // Tables the source does not capture are left out.
        InspectedTable other = usersTable();
        other.name = "audit";
        page.privacyPanel()->setTables({usersTable(), other}, {"users"});
        QCOMPARE(model->tables().size(), std::size_t(1));
    }

    void previewHidesRawValuesUntilConfirmed()
    {
        transform::ChainPreview preview{
            .input = usersTable().shape(),
            .output = usersTable().shape(),
            .outputColumnOf = {0, 1, 2, std::nullopt}, // the last column is left out
            .rows = {}};
        const Row raw = {Value::fromText("1"), Value::fromText("ann@example.com"),
                         Value::fromText("555-0100"), Value::null()};
        Row masked = raw;
        masked[1] = Value::fromText("[redacted]");
        masked.pop_back();
        preview.rows.push_back({raw, masked});
        preview.rows.push_back({raw, std::nullopt}); // a filter step drops it

        TransformPreviewDialog dialog;
        TransformPreviewModel *model = dialog.model();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.setPreview(preview);
        QCOMPARE(model->rowCount(), 8);
        auto cell = [model](int row, int column) { return model->index(row, column).data(); };
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(cell(row, TransformPreviewModel::BeforeColumn).toString(), u"hidden"_s);
        QCOMPARE(cell(1, TransformPreviewModel::NameColumn).toString(), u"email"_s);
        QCOMPARE(cell(1, TransformPreviewModel::AfterColumn).toString(), u"[redacted]"_s);
        QCOMPARE(cell(2, TransformPreviewModel::AfterColumn).toString(), u"555-0100"_s);
        QCOMPARE(cell(3, TransformPreviewModel::AfterColumn).toString(), u"not sent"_s);
        QCOMPARE(cell(5, TransformPreviewModel::AfterColumn).toString(), u"filtered out"_s);

        // Declined: still hidden.
        QString question;
        answerNextMessageBox(u"confirmRawValues"_s, QMessageBox::No, &question);
        QTest::mouseClick(dialog.showRawButton(), Qt::LeftButton);
        QVERIFY(question.contains(u"personal data"_s));
        QVERIFY(!model->rawVisible());
        QCOMPARE(cell(1, TransformPreviewModel::BeforeColumn).toString(), u"hidden"_s);

        question.clear();
        acceptNextMessageBox(u"confirmRawValues"_s, &question);
        QTest::mouseClick(dialog.showRawButton(), Qt::LeftButton);
        QVERIFY(question.contains(u"personal data"_s));
        QVERIFY(model->rawVisible());
        QCOMPARE(cell(1, TransformPreviewModel::BeforeColumn).toString(), u"ann@example.com"_s);

        // New rows, or the dialog closed: hidden again, and the raw values are gone.
        dialog.setPreview(preview);
        QCOMPARE(cell(1, TransformPreviewModel::BeforeColumn).toString(), u"hidden"_s);
        dialog.close();
        QCOMPARE(model->rowCount(), 0);
    }
};

SYNCLINE_GUI_TEST_MAIN(TestDesignerTransforms)
#include "tst_designer_transforms.moc"
