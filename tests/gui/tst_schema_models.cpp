// The Schemas page's data: reading a history written by core's SchemaHistory (missing, empty
// and corrupt files too), the job's generations, held tables, and the five models under
// QAbstractItemModelTester.

#include "dlq/dead_letter_store.h"
#include "gui_test_main.h"
#include "models/schema_action_model.h"
#include "models/schema_column_model.h"
#include "models/schema_diff_model.h"
#include "models/schema_table_model.h"
#include "models/schema_version_model.h"
#include "schema_history_fixture.h"
#include "schema_history_job.h"
#include "schema_snapshot.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace syncline;
using namespace syncline::ui;
using namespace Qt::StringLiterals;
using Kind = ColumnChange::Kind;
using Status = SchemaSnapshot::Status;

namespace {

QString cell(const QAbstractItemModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

SchemaSnapshotPtr sample(const QTemporaryDir &dir)
{
    schema_fixture::writeSample(dir.path());
    return std::make_shared<const SchemaSnapshot>(
        loadSchemaSnapshot(schema_fixture::path(dir.path())));
}

} // namespace

class TestSchemaModels : public QObject
{
    Q_OBJECT

private slots:
    void loadsEveryVersionOfEveryTable()
    {
        QTemporaryDir dir;
        const SchemaSnapshotPtr snapshot = sample(dir);
        QCOMPARE(snapshot->status, Status::Loaded);
        QCOMPARE(snapshot->tables.size(), 2u);
        QCOMPARE(snapshot->tables[0].name, "public.customers");
        QCOMPARE(snapshot->indexOf("public.orders"), 1);
        QCOMPARE(snapshot->indexOf("public.nothing"), -1);
        const TableHistory &orders = snapshot->tables[1];
        QCOMPARE(orders.versions.size(), 3u);
        QCOMPARE(orders.versions[0].lsn, "0/16B6F30");
        QCOMPARE(orders.latest().version, 3);
        QCOMPARE(orders.latest().schema.columns.size(), 5u);
        QVERIFY(snapshot->sameVersionsAs(loadSchemaSnapshot(schema_fixture::path(dir.path()))));
        QVERIFY(!snapshot->sameVersionsAs(SchemaSnapshot{}));
    }

    void problemsComeBackAsValues_data()
    {
        QTest::addColumn<QByteArray>("content"); // of schema-history.sqlite; null: no file
        QTest::addColumn<Status>("status");
        QTest::addRow("no file") << QByteArray() << Status::NoHistory;
        QTest::addRow("corrupt") << QByteArray("not a database, just some bytes").repeated(200)
                                 << Status::Failed;
    }

    void problemsComeBackAsValues()
    {
        QFETCH(QByteArray, content);
        QFETCH(Status, status);
        QTemporaryDir dir;
        const auto file = SchemaHistory::fileIn(schema_fixture::path(dir.path()));
        if (!content.isNull()) {
            QFile out(QString::fromStdString(file.string()));
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(content);
        }
        const SchemaSnapshot snapshot = loadSchemaSnapshot(schema_fixture::path(dir.path()));
        QCOMPARE(snapshot.status, status);
        QVERIFY(snapshot.tables.empty());
        QCOMPARE(snapshot.error.isEmpty(), status != Status::Failed);
        QCOMPARE(std::filesystem::exists(file), !content.isNull()); // never created by reading
    }

    void jobDeliversOnlyTheNewestLoad()
    {
        QTemporaryDir dir;
        schema_fixture::writeSample(dir.path());
        SchemaHistoryJob job;
        QSignalSpy loaded(&job, &SchemaHistoryJob::loaded);
        job.load(dir.filePath(u"elsewhere"_s));
        const quint64 newest = job.load(dir.path());
        // Loads run in order on one thread and answer in order: once the newest has answered,
        // an older one would have too.
        QVERIFY(loaded.wait());
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(loaded.at(0).at(0).toULongLong(), newest);
        const auto snapshot = loaded.at(0).at(1).value<SchemaSnapshotPtr>();
        QCOMPARE(snapshot->tables.size(), 2u);

        // No later request can be a marker here (a load supersedes the cancelled one by
        // itself), and the job shows nothing else of its thread: this wait stays a guess.
        job.load(dir.path());
        job.cancel();
        QTest::qWait(100);
        QCOMPARE(loaded.count(), 1);
    }

    // What the sinks did, and the tables a sink holds, as the Schemas page shows them.
    void actionModelAndHeldTables()
    {
        QTemporaryDir dir;
        schema_fixture::writeSample(dir.path());
        {
            SchemaHistory history(SchemaHistory::fileIn(schema_fixture::path(dir.path())));
            history.recordAction({"public.orders", "replica", "0/16B7000", "2026-12-03T10:00:00Z",
                                  "add_column", "created_at", "timestamp with time zone", "applied",
                                  "ALTER TABLE ...;"});
            history.recordAction({"public.orders", "replica", "0/16B8000", "2026-12-03T11:00:00Z",
                                  "incompatible", "status", "text → character varying(20)",
                                  "quarantined", "ALTER TABLE \"public\".\"orders\" ...;"});
            // Logged by DDL capture: the statement made version 3 (recorded at 0/3F11A08).
            history.recordDdl({"public.orders", "0/3F11000", "2026-12-03T09:59:00Z", "ALTER TABLE",
                               "ALTER TABLE orders ADD COLUMN created_at "
                               "timestamptz"});
            // A sink that applies the change again after a crash records nothing new.
            history.recordAction({"public.orders", "replica", "0/16B7000", "2026-12-03T10:05:00Z",
                                  "add_column", "created_at", "timestamp with time zone", "applied",
                                  "ALTER TABLE ...;"});
        }
        {
            dlq::DeadLetterStore store(
                dlq::DeadLetterStore::fileIn(schema_fixture::path(dir.path())));
            dlq::DeadLetter letter;
            letter.sink = "replica";
            letter.eventId = "0/16B8000/0";
            letter.table = "public.orders";
            letter.key = "{\"id\":1}";
            letter.value = "{}";
            letter.errorClass = "schema_change";
            letter.message = "schema change refused by the sink's policy";
            store.add(letter);
            letter.eventId = "0/16B8000/1";
            letter.status = dlq::DeadLetterStatus::Held;
            store.add(letter);
        }
        const auto snapshot = std::make_shared<const SchemaSnapshot>(
            loadSchemaSnapshot(schema_fixture::path(dir.path())));
        QCOMPARE(snapshot->held.size(), 1u);
        QCOMPARE(snapshot->held[0].table, "public.orders");
        QCOMPARE(snapshot->held[0].heldChanges, 2);
        const TableHistory &orders =
            snapshot->tables[std::size_t(snapshot->indexOf("public.orders"))];
        QVERIFY(orders.ddlOfVersion(2).find("ADD COLUMN created_at") != std::string::npos);
        QVERIFY(orders.ddlOfVersion(1).empty());
        SchemaVersionModel versions;
        versions.setTable(snapshot, snapshot->indexOf("public.orders"));
        QVERIFY(versions.index(2, SchemaVersionModel::Version)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(u"ADD COLUMN created_at"_s));
        SchemaActionModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTable(snapshot, snapshot->indexOf("public.orders"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 0, SchemaActionModel::Change), u"add_column"_s);
        QCOMPARE(cell(model, 1, SchemaActionModel::Outcome), u"quarantined"_s);
        QVERIFY(model.index(1, SchemaActionModel::Detail)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(u"by hand"_s));
        QVERIFY(model.index(1, 0).data(Qt::ForegroundRole).isValid());
        QVERIFY(!model.index(0, 0).data(Qt::ForegroundRole).isValid());
        model.setTable(snapshot, 5);
        QCOMPARE(model.rowCount(), 0);
    }

    void tableModel()
    {
        QTemporaryDir dir;
        SchemaTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setSnapshot(sample(dir));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 1, SchemaTableModel::Name), u"public.orders"_s);
        QCOMPARE(cell(model, 1, SchemaTableModel::Versions), u"3"_s);
        QCOMPARE(cell(model, 1, SchemaTableModel::Key), u"id, customer_id"_s);
        QCOMPARE(cell(model, 1, SchemaTableModel::ReplicaIdentity), u"default (primary key)"_s);
        QCOMPARE(cell(model, 0, SchemaTableModel::Versions), u"1"_s);
        QVERIFY(!model.table(2));
        model.setSnapshot(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void versionAndColumnModels()
    {
        QTemporaryDir dir;
        const SchemaSnapshotPtr snapshot = sample(dir);
        SchemaVersionModel versions;
        SchemaColumnModel columns;
        QAbstractItemModelTester versionTester(
            &versions, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester columnTester(
            &columns, QAbstractItemModelTester::FailureReportingMode::QtTest);
        versions.setTable(snapshot, 1);
        QCOMPARE(versions.rowCount(), 3);
        QCOMPARE(cell(versions, 0, SchemaVersionModel::Version), u"1"_s);
        QCOMPARE(cell(versions, 2, SchemaVersionModel::FirstLsn), u"0/3F11A08"_s);
        QCOMPARE(cell(versions, 1, SchemaVersionModel::Columns), u"5"_s);
        QVERIFY(cell(versions, 0, SchemaVersionModel::RecordedAt).startsWith(u"20"_s));
        QVERIFY(versions.index(0, SchemaVersionModel::RecordedAt)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .endsWith(u'Z'));

        columns.setVersion(snapshot, versions.version(0));
        QCOMPARE(columns.rowCount(), 4);
        QCOMPARE(cell(columns, 2, SchemaColumnModel::Name), u"total"_s);
        QCOMPARE(cell(columns, 2, SchemaColumnModel::Type), u"numeric(10,2)"_s);
        QCOMPARE(cell(columns, 0, SchemaColumnModel::Key), u"key"_s);
        QCOMPARE(cell(columns, 1, SchemaColumnModel::Key), QString());
        columns.setVersion(snapshot, versions.version(2));
        QCOMPARE(cell(columns, 3, SchemaColumnModel::Type), u"character varying(20)"_s);
        QCOMPARE(cell(columns, 1, SchemaColumnModel::Key), u"key"_s);

        versions.setTable(snapshot, 7);
        QCOMPARE(versions.rowCount(), 0);
        QVERIFY(!versions.version(0));
    }

    void diffModelShowsEachChangeTinted()
    {
        QTemporaryDir dir;
        const SchemaSnapshotPtr snapshot = sample(dir);
        const auto &orders = snapshot->tables[1].versions;
        SchemaDiffModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDiff(diffSchemas(orders[0].schema, orders[2].schema), u"Version 1"_s,
                      u"Version 3"_s);
        const QList<std::pair<QString, Kind>> expected = {
            {u"id"_s, Kind::TypeChanged},    {u"customer_id"_s, Kind::KeyChanged},
            {u"total"_s, Kind::TypeChanged}, {u"status"_s, Kind::Added},
            {u"created_at"_s, Kind::Added},  {u"note"_s, Kind::Removed}};
        QCOMPARE(model.rowCount(), expected.size());
        for (int row = 0; row < expected.size(); ++row) {
            QCOMPARE(cell(model, row, SchemaDiffModel::Name), expected[row].first);
            QCOMPARE(model.change(row).kind, expected[row].second);
            QVERIFY(model.index(row, SchemaDiffModel::Before).data(Qt::BackgroundRole).isValid());
        }
        QCOMPARE(model.changedCount(), 6);
        QCOMPARE(cell(model, 0, SchemaDiffModel::Before), u"integer (key)"_s);
        QCOMPARE(cell(model, 0, SchemaDiffModel::After), u"bigint (key)"_s);
        QCOMPARE(cell(model, 3, SchemaDiffModel::Before), QString());
        QCOMPARE(cell(model, 5, SchemaDiffModel::After), QString());
        QCOMPARE(cell(model, 3, SchemaDiffModel::Change), u"added"_s);
        QCOMPARE(model.headerData(SchemaDiffModel::After, Qt::Horizontal).toString(),
                 u"Version 3"_s);

        model.setDiff(diffSchemas(orders[2].schema, orders[2].schema), {}, {});
        QCOMPARE(model.changedCount(), 0);
        QVERIFY(!model.index(0, SchemaDiffModel::Name).data(Qt::BackgroundRole).isValid());
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void tintsStayNearTheBaseOnLightAndDarkPalettes()
    {
        for (const QColor base : {QColor(Qt::white), QColor(0x1e, 0x1e, 0x1e)}) {
            QList<QColor> tints;
            for (const Kind kind :
                 {Kind::Added, Kind::Removed, Kind::TypeChanged, Kind::KeyChanged}) {
                const QColor tint = SchemaDiffModel::background({kind, {}, {}, {}}, base);
                QVERIFY(tint != base);
                // Close to the base's lightness: text meant for the base stays readable.
                QVERIFY2(std::abs(tint.lightness() - base.lightness()) < 80,
                         qPrintable(tint.name()));
                QVERIFY(!tints.contains(tint));
                tints.append(tint);
            }
            QVERIFY(!SchemaDiffModel::background({}, base).isValid());
        }
    }
};

SYNCLINE_GUI_TEST_MAIN(TestSchemaModels)
#include "tst_schema_models.moc"
