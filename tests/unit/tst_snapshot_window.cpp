// One chunk of an incremental snapshot between its watermarks: rows that a streamed change
// touches (insert, update, key move, delete, truncate) leave the chunk; the rest come out in
// key order as snapshot reads; the last key read is kept even when its row left.

#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "snapshot/snapshot_window.h"
#endif

using namespace syncline;

namespace {

std::shared_ptr<const TableSchema> items()
{
    auto table = std::make_shared<TableSchema>();
    table->schema = "public";
    table->name = "items";
    Column id;
    id.name = "id";
    id.isKey = true;
    Column qty;
    qty.name = "qty";
    table->columns = {id, qty};
    return table;
}

Row row(int id, int qty)
{
    return {Value::fromText(std::to_string(id)), Value::fromText(std::to_string(qty))};
}

ChangeEvent change(Operation op, std::optional<Row> before, std::optional<Row> after,
                   std::shared_ptr<const TableSchema> table = items())
{
    ChangeEvent event;
    event.op = op;
    event.table = std::move(table);
    event.before = std::move(before);
    event.after = std::move(after);
    return event;
}

std::vector<std::string> ids(const std::vector<ChangeEvent> &events)
{
    std::vector<std::string> result;
    for (const auto &event : events)
        result.push_back(event.op == Operation::Read ? (*event.after)[0].text : "not a read");
    return result;
}

} // namespace

class TestSnapshotWindow : public QObject
{
    Q_OBJECT

private slots:
    void changedRowsLeaveTheChunk()
    {
        SnapshotWindow window(items(),
                              {row(1, 10), row(2, 20), row(3, 30), row(4, 40), row(5, 50)});
        window.observe(change(Operation::Update, row(2, 0), row(2, 21)));
        window.observe(change(Operation::Delete, row(4, 0), std::nullopt));
        window.observe(change(Operation::Update, row(5, 0), row(9, 50)));    // key move
        window.observe(change(Operation::Insert, std::nullopt, row(7, 70))); // not in the chunk
        QCOMPARE(window.lastKey()[0].text, "5");
        QCOMPARE(ids(window.close()), (std::vector<std::string>{"1", "3"}));
    }

    // An update that left a TOASTed value out (here qty, unchanged) carries only part of the
    // row; on a target that never had the row it finds nothing. The chunk's row, with the
    // update's values, comes out at the high watermark instead, also under a moved key; a
    // later change that carries the whole row takes it out again.
    void partialUpdatesAreMergedIntoTheChunksRow()
    {
        SnapshotWindow window(items(), {row(1, 10), row(2, 20), row(3, 30), row(4, 40)});
        const Row keepQty = {Value::fromText("2"), Value::unchangedToast()};
        window.observe(change(Operation::Update, std::nullopt, keepQty));
        window.observe(change(Operation::Update, row(3, 0),
                              Row{Value::fromText("8"), Value::unchangedToast()})); // key move
        window.observe(change(Operation::Update, std::nullopt,
                              Row{Value::fromText("4"), Value::unchangedToast()}));
        window.observe(change(Operation::Update, row(4, 0), row(4, 44))); // whole row: it leaves
        window.observe(change(Operation::Update, std::nullopt,
                              Row{Value::fromText("6"), Value::unchangedToast()})); // not read
        const auto events = window.close();
        QCOMPARE(ids(events), (std::vector<std::string>{"1", "2", "8"}));
        QCOMPARE((*events[1].after)[1].text, "20"); // the value the update left out
        QCOMPARE((*events[2].after)[1].text, "30");
    }

    void otherTablesAndTruncates()
    {
        auto other = std::make_shared<TableSchema>(*items());
        other->name = "other";
        SnapshotWindow window(items(), {row(1, 10), row(2, 20)});
        window.observe(change(Operation::Update, row(1, 0), row(1, 11), other));
        QVERIFY(!window.concerns(change(Operation::Insert, std::nullopt, row(1, 1), other)));
        QVERIFY(window.concerns(change(Operation::Insert, std::nullopt, row(1, 1))));
        QCOMPARE(ids(window.close()), (std::vector<std::string>{"1", "2"}));

        SnapshotWindow truncated(items(), {row(1, 10), row(2, 20)});
        ChangeEvent truncate = change(Operation::Truncate, std::nullopt, std::nullopt);
        truncate.truncatedTables = {items()};
        QVERIFY(truncated.concerns(truncate));
        truncated.observe(truncate);
        QVERIFY(truncated.close().empty());
    }

    void emptyChunkHasNoLastKey()
    {
        SnapshotWindow window(items(), {});
        QVERIFY(window.lastKey().empty());
        QVERIFY(window.close().empty());
    }

    // A repair looks for keys the source may no longer have: those no change touched come out
    // as deletes after the reads; one the stream wrote meanwhile is the stream's to settle.
    void absentKeysBecomeDeletesUnlessTouched()
    {
        Row absent5 = {Value::fromText("5"), Value::null()};
        Row absent6 = {Value::fromText("6"), Value::null()};
        SnapshotWindow window(items(), {row(1, 10)}, {absent5, absent6});
        window.observe(change(Operation::Insert, std::nullopt, row(6, 60)));
        const auto events = window.close();
        QCOMPARE(events.size(), std::size_t(2));
        QCOMPARE(ids({events[0]}), std::vector<std::string>{"1"});
        QCOMPARE(events[1].op, Operation::Delete);
        QCOMPARE((*events[1].before)[0].text, std::string("5"));
        QVERIFY(events[1].beforeIsKeyOnly);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotWindow)
#include "tst_snapshot_window.moc"
