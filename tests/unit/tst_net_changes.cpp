// A batch's changes reduced to each row's last state (NetChanges) and applied set-wise, deletes
// then upserts then partial updates, must end where applying every change in order ends.

#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "sink/postgres/net_changes.h"

#include <map>
#include <random>
#endif

using namespace syncline;

namespace {

// id (the key), v, and big: a value PostgreSQL TOASTs, so updates may leave it out.
std::shared_ptr<const TableSchema> docs()
{
    auto table = std::make_shared<TableSchema>();
    table->schema = "public";
    table->name = "docs";
    Column id;
    id.name = "id";
    id.isKey = true;
    Column v;
    v.name = "v";
    Column big;
    big.name = "big";
    table->columns = {id, v, big};
    return table;
}

const std::vector<int> kKey = {0};

struct Contents
{
    std::string v;
    std::string big;
    bool operator==(const Contents &) const = default;
};
using TableState = std::map<int, Contents>;

Row row(int id, const std::string &v, const std::optional<std::string> &big)
{
    return {Value::fromText(std::to_string(id)), Value::fromText(v),
            big ? Value::fromText(*big) : Value::unchangedToast()};
}

Row keyOnly(int id)
{
    return {Value::fromText(std::to_string(id)), Value::null(), Value::null()};
}

ChangeEvent insert(int id, const std::string &v, const std::string &big)
{
    ChangeEvent event;
    event.op = Operation::Insert;
    event.after = row(id, v, big);
    return event;
}

// An update; `big` unset: the source left the TOASTed value out. A key move carries the old key.
ChangeEvent update(int oldId, int id, const std::string &v, const std::optional<std::string> &big)
{
    ChangeEvent event;
    event.op = Operation::Update;
    if (oldId != id)
        event.before = keyOnly(oldId);
    event.after = row(id, v, big);
    return event;
}

ChangeEvent remove(int id)
{
    ChangeEvent event;
    event.op = Operation::Delete;
    event.before = keyOnly(id);
    return event;
}

int idOf(const Row &row)
{
    return std::stoi(row[0].text);
}

// What the sink's in-order statements do to the target.
void applyInOrder(TableState &state, const ChangeEvent &event)
{
    switch (event.op) {
    case Operation::Insert:
    case Operation::Read:
        state[idOf(*event.after)] = {(*event.after)[1].text, (*event.after)[2].text};
        return;
    case Operation::Delete:
        state.erase(idOf(*event.before));
        return;
    case Operation::Update: {
        const int from = event.before ? idOf(*event.before) : idOf(*event.after);
        const Row &after = *event.after;
        if (!after[2].isUnchangedToast() && !event.before) { // a whole row: an upsert
            state[idOf(after)] = {after[1].text, after[2].text};
            return;
        }
        const auto found = state.find(from);
        if (found == state.end())
            return;
        Contents contents = found->second;
        contents.v = after[1].text;
        if (!after[2].isUnchangedToast())
            contents.big = after[2].text;
        state.erase(found);
        state[idOf(after)] = contents;
        return;
    }
    case Operation::Truncate:
        state.clear();
        return;
    }
}

// What the sink's set statements do: every delete, then every upsert, then each update.
void applyNet(TableState &state, const NetChanges &net)
{
    using Kind = NetChanges::Row::Kind;
    for (const auto &table : net.tables()) {
        for (const auto &row : table.rows)
            if (row.kind == Kind::Delete)
                state.erase(idOf(row.event->before ? *row.event->before : *row.event->after));
        for (const auto &row : table.rows)
            if (row.kind == Kind::Upsert) {
                const Row &after = *row.event->after;
                QVERIFY2(!after[2].isUnchangedToast(), "an upsert must carry the whole row");
                // The sink sends these as a plain INSERT: a row already there would be refused.
                QVERIFY2(!row.inserted || !state.count(idOf(after)),
                         "a row the batch inserted must not be on the target");
                state[idOf(after)] = {after[1].text, after[2].text};
            }
        for (const auto &row : table.rows)
            if (row.kind == Kind::Update)
                applyInOrder(state, *row.event);
    }
}

std::shared_ptr<TransactionChunk> chunkOf(std::vector<ChangeEvent> events)
{
    auto chunk = std::make_shared<TransactionChunk>();
    const auto table = docs();
    for (auto &event : events)
        event.table = table;
    chunk->events = std::move(events);
    chunk->isFirst = chunk->isLast = true;
    return chunk;
}

// Takes the events as the sink does: what NetChanges refuses goes in order, after what it
// holds is applied.
TableState applyAsTheSinkDoes(TableState target, const std::shared_ptr<TransactionChunk> &chunk)
{
    NetChanges net;
    for (int i = 0; i < int(chunk->events.size()); ++i) {
        if (net.take(chunk, i, kKey))
            continue;
        applyNet(target, net);
        net.clear();
        applyInOrder(target, chunk->events[std::size_t(i)]);
    }
    applyNet(target, net);
    return target;
}

} // namespace

class TestNetChanges : public QObject
{
    Q_OBJECT

private slots:
    void insertDeleteInsertOfOneKeyEndsInserted()
    {
        const auto chunk = chunkOf({insert(1, "a", "A"), remove(1), insert(1, "b", "B")});
        NetChanges net;
        for (int i = 0; i < 3; ++i)
            QVERIFY(net.take(chunk, i, kKey));
        QCOMPARE(net.rowCount(), std::size_t(1));
        const auto &row = net.tables().front().rows.front();
        QCOMPARE(int(row.kind), int(NetChanges::Row::Kind::Upsert));
        QCOMPARE((*row.event->after)[1].text, std::string("b"));
    }

    void keySwapThroughAThirdKey()
    {
        const TableState before = {{1, {"one", "I"}}, {2, {"two", "II"}}};
        const auto chunk = chunkOf(
            {update(1, 3, "one", "I"), update(2, 1, "two", "II"), update(3, 2, "one", "I")});
        const TableState expected = {{1, {"two", "II"}}, {2, {"one", "I"}}};
        QCOMPARE(applyAsTheSinkDoes(before, chunk), expected);
    }

    // A key move without the TOASTed value, of a row the batch has no whole copy of, must go in
    // order: only the target has the value.
    void partialKeyMoveOfAnUnknownRowIsRefused()
    {
        const auto chunk = chunkOf({insert(5, "x", "X"), update(1, 9, "moved", std::nullopt)});
        NetChanges net;
        QVERIFY(net.take(chunk, 0, kKey));
        QVERIFY(!net.take(chunk, 1, kKey));
        QCOMPARE(net.rowCount(), std::size_t(1)); // refusing took nothing
        const TableState before = {{1, {"one", "I"}}};
        const TableState expected = {{5, {"x", "X"}}, {9, {"moved", "I"}}};
        QCOMPARE(applyAsTheSinkDoes(before, chunk), expected);
    }

    void partialUpdateOfARowTheBatchInsertedBecomesItsWholeRow()
    {
        const auto chunk = chunkOf({insert(1, "a", "A"), update(1, 1, "b", std::nullopt),
                                    update(1, 7, "c", std::nullopt)});
        NetChanges net;
        for (int i = 0; i < 3; ++i)
            QVERIFY(net.take(chunk, i, kKey));
        const TableState after = {{7, {"c", "A"}}};
        TableState state;
        applyNet(state, net);
        QCOMPARE(state, after);
    }

    // Deletes of rows the target had count towards drift; deletes of rows the batch inserted
    // do not (they find nothing, rightly).
    void deletesKnowWhichRowsExistedBefore()
    {
        const auto chunk = chunkOf({insert(1, "a", "A"), remove(1), remove(2),
                                    update(3, 3, "c", "C"), remove(3), update(4, 5, "d", "D")});
        NetChanges net;
        for (int i = 0; i < int(chunk->events.size()); ++i)
            QVERIFY(net.take(chunk, i, kKey));
        std::map<int, bool> existed;
        for (const auto &row : net.tables().front().rows)
            if (row.kind == NetChanges::Row::Kind::Delete)
                existed[idOf(row.event->before ? *row.event->before : *row.event->after)] =
                    row.existedBefore;
        const std::map<int, bool> expected = {{1, false}, {2, true}, {3, true}, {4, true}};
        QCOMPARE(existed, expected);
    }

    void aShapeChangeIsRefused()
    {
        auto chunk = chunkOf({insert(1, "a", "A"), insert(2, "b", "B")});
        chunk->events[1].table = docs(); // the same table, described again
        NetChanges net;
        QVERIFY(net.take(chunk, 0, kKey));
        QVERIFY(!net.take(chunk, 1, kKey));
    }

    // Random batches of inserts, deletes, updates with and without the TOASTed value, and key
    // moves over a few keys: set-wise ends as in order, every time.
    void randomBatchesEndAsInOrder()
    {
        std::mt19937 random(20261204);
        const int batches = qEnvironmentVariableIntValue("SYNCLINE_LONG_TESTS") ? 200000 : 5000;
        for (int batch = 0; batch < batches; ++batch) {
            TableState source;
            for (int id = 0; id < 6; ++id)
                if (random() % 2)
                    source[id] = {"v" + std::to_string(id), "big" + std::to_string(id)};
            const TableState target = source;
            std::vector<ChangeEvent> events;
            const int count = 1 + int(random() % 30);
            for (int n = 0; n < count; ++n) {
                const int id = int(random() % 8);
                const std::string value = std::to_string(batch) + '.' + std::to_string(n);
                const bool exists = source.count(id) > 0;
                const int other = int(random() % 8);
                const bool withBig = random() % 3 == 0;
                if (!exists) {
                    events.push_back(insert(id, value, "B" + value));
                } else if (random() % 4 == 0) {
                    events.push_back(remove(id));
                } else if (other != id && !source.count(other) && random() % 2) {
                    events.push_back(update(id, other, value,
                                            withBig ? std::optional("B" + value) : std::nullopt));
                } else {
                    events.push_back(
                        update(id, id, value, withBig ? std::optional("B" + value) : std::nullopt));
                }
                applyInOrder(source, events.back());
            }
            const TableState result = applyAsTheSinkDoes(target, chunkOf(events));
            if (result != source) {
                std::string trace;
                for (const auto &event : events)
                    trace +=
                        std::string(1, char(event.op)) + ' ' +
                        (event.before ? (*event.before)[0].text + "->" : std::string()) +
                        (event.after ? (*event.after)[0].text : std::string()) +
                        (event.after && (*event.after)[2].isUnchangedToast() ? " (toast)" : "") +
                        "; ";
                QFAIL(qPrintable(QString::fromStdString("batch " + std::to_string(batch) +
                                                        " ends differently: " + trace)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestNetChanges)
#include "tst_net_changes.moc"
