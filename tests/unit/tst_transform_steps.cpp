// The select, filter and route transforms: the filter language (syntax errors and where they
// are, SQL's three-valued logic, numbers compared as numbers, LIKE and IN, the PostgreSQL row
// filter it pushes down and when it must not), the shape a chain gives a table (columns kept and
// renamed, the table renamed by pattern, a key never left out, masks by type), and what a filter
// does to streamed changes: an update that stops matching deletes the row, one that starts
// matching inserts it, events numbered anew the same way every time.

#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "model/type_oids.h"
#include "transform/chain_preview.h"
#include "transform/chunk_masker.h"
#include "transform/row_filter.h"
#include "transform/transform_chain.h"
#include "util/errors.h"
#endif

using namespace syncline;
using namespace syncline::transform;

namespace {

Column column(const std::string &name, std::uint32_t oid = type_oids::kText, bool key = false,
              const std::string &sqlType = "text")
{
    Column c;
    c.name = name;
    c.typeOid = oid;
    c.isKey = key;
    c.sqlType = sqlType;
    return c;
}

std::shared_ptr<TableSchema> ordersTable()
{
    auto table = std::make_shared<TableSchema>();
    table->schema = "public";
    table->name = "orders";
    table->columns = {column("id", type_oids::kInt4, true, "integer"),
                      column("status"),
                      column("amount", type_oids::kNumeric, false, "numeric(10,2)"),
                      column("email", type_oids::kVarchar, false, "character varying(80)"),
                      column("paid", type_oids::kBool, false, "boolean"),
                      column("placed", type_oids::kDate, false, "date")};
    return table;
}

Row row(std::vector<const char *> texts)
{
    Row out;
    for (const char *text : texts)
        out.push_back(text ? Value::fromText(text) : Value::null());
    return out;
}

// Whether `where` keeps the orders row.
bool keeps(const std::string &where, const Row &values)
{
    const auto table = ordersTable();
    const auto bound = RowFilter::parse(where).bind(
        [&](const std::string &name) -> std::optional<RowFilter::BoundColumn> {
            for (std::size_t i = 0; i < table->columns.size(); ++i)
                if (table->columns[i].name == name)
                    return RowFilter::BoundColumn{i, table->columns[i].typeOid};
            return std::nullopt;
        });
    return bound.keeps(values);
}

TransformConfig filterStep(const std::string &where)
{
    TransformConfig step;
    step.type = "filter";
    step.where = where;
    return step;
}

ChangeEvent change(Operation op, std::optional<Row> before, std::optional<Row> after,
                   bool keyOnly = true)
{
    ChangeEvent event;
    event.op = op;
    event.table = ordersTable();
    event.before = std::move(before);
    event.beforeIsKeyOnly = keyOnly;
    event.after = std::move(after);
    return event;
}

std::shared_ptr<const TransactionChunk> chunkOf(std::vector<ChangeEvent> events,
                                                std::uint64_t first = 0, bool last = true)
{
    auto chunk = std::make_shared<TransactionChunk>();
    chunk->xid = 7;
    chunk->firstEventIndex = first;
    chunk->isLast = last;
    chunk->events = std::move(events);
    return chunk;
}

// "op:id" for each event, the id from the after image (else the before).
std::string describe(const TransactionChunk &chunk)
{
    std::string out;
    for (const auto &event : chunk.events) {
        const Row &image = event.after ? *event.after : *event.before;
        out += (out.empty() ? "" : " ") + std::string(1, char(event.op)) + ":" + image[0].text;
    }
    return out;
}

} // namespace

class TestTransformSteps : public QObject
{
    Q_OBJECT

private slots:
    void syntaxErrorsSayWhere()
    {
        const std::pair<const char *, std::size_t> cases[] = {
            {"status =", 8},
            {"(amount > 1", 11},
            {"amount > 1 status", 11},
            {"status = 'paid", 9},
            {"amount IN (1, id)", 14},
            {"status LIKE 3", 12},
            {"amount > 12abc", 9},
            {"", 0},
            {"a ; b", 2},
            {"NOT", 3},
            {"amount IS 3", 10},
        };
        for (const auto &[text, offset] : cases) {
            try {
                RowFilter::parse(text);
                QFAIL(text);
            } catch (const FilterSyntaxError &error) {
                QVERIFY2(error.offset == offset,
                         qPrintable(QString::fromStdString(std::string(text) + ": " + error.what() +
                                                           " at " + std::to_string(error.offset))));
            }
        }
    }

    void evaluatesLikeSql()
    {
        const Row paid = row({"1", "paid", "100.50", "ada@example.com", "t", "2024-02-01"});
        const Row nulls = row({"2", "open", nullptr, nullptr, nullptr, nullptr});
        QVERIFY(keeps("status = 'paid'", paid));
        QVERIFY(keeps("amount > 99.9 AND amount < 1e3", paid));
        QVERIFY(keeps("amount = 100.5", paid)); // numbers as numbers: 100.50 = 100.5
        QVERIFY(keeps("amount > 9", paid));     // not as text: "100.50" < "9"
        QVERIFY(keeps("amount >= -1", paid));
        QVERIFY(keeps("paid", paid)); // a boolean column alone
        QVERIFY(keeps("paid = TRUE AND NOT (status <> 'paid')", paid));
        QVERIFY(keeps("email LIKE '%@example.com' AND email NOT LIKE 'b%'", paid));
        QVERIFY(keeps("email LIKE 'ad_@%'", paid));
        QVERIFY(keeps("status IN ('open', 'paid')", paid));
        QVERIFY(keeps("placed >= '2024-01-01'", paid)); // ISO dates order as text
        QVERIFY(keeps("\"status\" = 'paid' OR amount IS NULL", nulls));
        // NULL is unknown, and unknown is not kept, negated or not.
        QVERIFY(!keeps("amount > 0", nulls));
        QVERIFY(!keeps("NOT (amount > 0)", nulls));
        QVERIFY(!keeps("amount <> 5", nulls));
        QVERIFY(keeps("amount IS NULL AND email IS NULL", nulls));
        QVERIFY(!keeps("status NOT IN ('paid', NULL)", nulls)); // SQL's NOT IN with a NULL
        QVERIFY(keeps("amount > 0 OR status = 'open'", nulls)); // unknown OR true
        QVERIFY(!keeps("paid", nulls));
        QVERIFY(keeps("status = 'it''s'", row({"3", "it's", "1", "", "f", ""})));
    }

    void bindingRefusesWhatCannotBeEvaluated()
    {
        QVERIFY_THROWS_EXCEPTION(PermanentError, keeps("state = 'paid'", {}));
        QVERIFY_THROWS_EXCEPTION(PermanentError, keeps("status > 5", {}));     // text vs number
        QVERIFY_THROWS_EXCEPTION(PermanentError, keeps("amount = 'ten'", {})); // number vs text
        QVERIFY_THROWS_EXCEPTION(PermanentError, keeps("status", {}));         // not boolean
        QVERIFY_THROWS_EXCEPTION(PermanentError, keeps("amount LIKE '1%'", {}));
    }

    void pushesDownWhatThePublicationEvaluatesAlike()
    {
        auto table = ordersTable();
        table->replicaIdentity = 'f';
        std::string why;
        const auto sql =
            TransformChain({filterStep("status IN ('paid', 'open') AND NOT amount < 10.5 OR paid")})
                .publicationRowFilter(*table, &why);
        QVERIFY2(sql, why.c_str());
        QCOMPARE(*sql, std::string("(((\"status\" IN ('paid', 'open')) AND (NOT (\"amount\" < "
                                   "10.5))) OR \"paid\")"));
        // Text ordered by the server's collation, a date compared as a date there: not pushed.
        QVERIFY(!TransformChain({filterStep("status > 'a'")}).publicationRowFilter(*table, &why));
        QVERIFY(why.find("collation") != std::string::npos);
        QVERIFY(!TransformChain({filterStep("placed <> '2024-01-01'")})
                     .publicationRowFilter(*table, &why));
        QVERIFY(why.find("placed") != std::string::npos);
        // A column outside the replica identity: PostgreSQL refuses such a filter on updates.
        table->replicaIdentity = 'd';
        QVERIFY(
            !TransformChain({filterStep("status = 'paid'")}).publicationRowFilter(*table, &why));
        QVERIFY(why.find("replica identity") != std::string::npos);
        QVERIFY(TransformChain({filterStep("id > 3")}).publicationRowFilter(*table));
        // A mask before the filter: the filter sees masked values, the publication would not.
        TransformConfig mask;
        mask.columns = {"id"};
        mask.with = "hash";
        mask.key = "k";
        QVERIFY(!TransformChain({mask, filterStep("id > 3")}).publicationRowFilter(*table));
    }

    void selectAndRouteShapeTheTable()
    {
        TransformConfig select;
        select.type = "select";
        select.tables = {"public.ord*"};
        select.exclude = {"email", "orders.placed"};
        TransformConfig routeTable;
        routeTable.type = "route";
        routeTable.tables = {"public.ord*"};
        routeTable.to = "analytics.{1}_v2";
        TransformConfig routeColumn;
        routeColumn.type = "route";
        routeColumn.columns = {"*.amount"};
        routeColumn.to = "{column}_eur";
        // A mask after the route: by the new names, and by type.
        TransformConfig mask;
        mask.columns = {"analytics.ers_v2.amount_eur"};
        mask.types = {"bool*"};
        mask.with = "null";
        const TransformChain chain({select, routeTable, routeColumn, mask});
        const auto plan = chain.planFor(*ordersTable());
        QCOMPARE(plan->output->qualifiedName(), std::string("analytics.ers_v2"));
        std::vector<std::string> names;
        for (const auto &c : plan->output->columns)
            names.push_back(c.name);
        QCOMPARE(names, (std::vector<std::string>{"id", "status", "amount_eur", "paid"}));
        Row values = row({"1", "paid", "10", "a@example.com", "t", "2024-01-01"});
        QVERIFY(plan->apply(values));
        QCOMPARE(values, row({"1", "paid", nullptr, nullptr}));

        TableDefinition definition;
        definition.schema = "public";
        definition.name = "orders";
        const auto orders = ordersTable();
        for (const auto &c : orders->columns)
            definition.columns.push_back({c.name, c.sqlType, false, c.typeOid, -1, 0});
        definition.keyColumns = {"id"};
        const auto out = chain.outputDefinition(definition);
        QCOMPARE(out.qualifiedName(), std::string("analytics.ers_v2"));
        QCOMPARE(out.columns.size(), std::size_t(4));
        QCOMPARE(out.columns[2].name, std::string("amount_eur"));
        QCOMPARE(out.columns[2].sqlType, std::string("numeric(10,2)"));
        QCOMPARE(out.keyColumns, (std::vector<std::string>{"id"}));

        // Two tables into one: refused.
        TransformConfig merge;
        merge.type = "route";
        merge.to = "public.everything";
        TableDefinition other = definition;
        other.name = "returns";
        QVERIFY_THROWS_EXCEPTION(TransformError,
                                 TransformChain({merge}).outputDefinitions({definition, other}));
    }

    void aKeyColumnIsNeverLeftOut()
    {
        TransformConfig select;
        select.type = "select";
        select.include = {"status", "amount"};
        try {
            TransformChain({filterStep("id > 0"), select}).planFor(*ordersTable());
            QFAIL("the key was left out");
        } catch (const TransformError &error) {
            QCOMPARE(error.step, std::size_t(1));
            QVERIFY(std::string(error.what()).find("key column") != std::string::npos);
        }
        // A filter after a select cannot read what the select left out.
        select.include = {"id", "status"};
        QVERIFY_THROWS_EXCEPTION(
            TransformError,
            TransformChain({select, filterStep("amount > 1")}).planFor(*ordersTable()));
    }

    void updatesThatLeaveOrEnterTheFilter()
    {
        const TransformChain chain({filterStep("status = 'paid'")});
        ChunkMasker masker(chain);
        const auto out = masker.apply(chunkOf({
            change(Operation::Insert, {}, row({"1", "open", "1", "", "f", ""})), // dropped
            change(Operation::Insert, {}, row({"2", "paid", "1", "", "f", ""})), // kept
            change(Operation::Update, {}, row({"2", "open", "1", "", "f", ""})), // leaves
            change(Operation::Update, {}, row({"3", "paid", "1", "", "f", ""})), // upsert
            change(Operation::Update, row({"4", nullptr, nullptr, nullptr, nullptr, nullptr}),
                   row({"5", "paid", "1", "", "f", ""})), // key moved: old key goes
            change(Operation::Delete, row({"6", nullptr, nullptr, nullptr, nullptr, nullptr}), {}),
        }));
        QCOMPARE(describe(*out), std::string("c:2 d:2 u:3 d:4 c:5 d:6"));
        // The delete that replaces the update carries the key only.
        QVERIFY(out->events[1].before && out->events[1].beforeIsKeyOnly);
        QVERIFY((*out->events[1].before)[1].isNull());

        // With the whole old row (replica identity full) it is known whether the target has it.
        const Row oldPaid = row({"7", "paid", "1", "", "f", ""});
        const Row oldOpen = row({"7", "open", "1", "", "f", ""});
        const Row newPaid = row({"7", "paid", "2", "", "f", ""});
        const Row newOpen = row({"7", "open", "2", "", "f", ""});
        const auto full = masker.apply(chunkOf({
            change(Operation::Update, oldPaid, newPaid, false), // stays: an update
            change(Operation::Update, oldOpen, newPaid, false), // enters: an insert
            change(Operation::Update, oldPaid, newOpen, false), // leaves: a delete
            change(Operation::Update, oldOpen, newOpen, false), // never there: nothing
        }));
        QCOMPARE(describe(*full), std::string("u:7 c:7 d:7"));
    }

    void previewShowsRowsAsTheyLeave()
    {
        TransformConfig select;
        select.type = "select";
        select.exclude = {"email"};
        const auto preview =
            previewChain(TransformChain({filterStep("status = 'paid'"), select}), *ordersTable(),
                         {row({"1", "paid", "1", "a@example.com", "t", ""}),
                          row({"2", "open", "1", "b@example.com", "t", ""})});
        QCOMPARE(preview.output.columns.size(), std::size_t(5));
        QCOMPARE(preview.outputColumnOf[3], std::optional<std::size_t>());
        QCOMPARE(preview.outputColumnOf[4], std::optional<std::size_t>(3));
        QVERIFY(preview.rows[0].after && (*preview.rows[0].after)[3].text == "t");
        QVERIFY(!preview.rows[1].after); // filtered out
    }

    void eventsAreNumberedAnewPerTransaction()
    {
        const TransformChain chain({filterStep("status = 'paid'")});
        ChunkMasker masker(chain);
        const Row open = row({"1", "open", "1", "", "f", ""});
        const Row paid = row({"2", "paid", "1", "", "f", ""});
        const Row moved = row({"3", nullptr, nullptr, nullptr, nullptr, nullptr});
        // Chunk 1: 2 events in, 3 out (a moved key makes two); chunk 2, second in the
        // transaction at 2, follows at 3 so that no two events share a number.
        const auto first = masker.apply(
            chunkOf({change(Operation::Update, moved, paid), change(Operation::Insert, {}, paid)},
                    0, false));
        const auto second = masker.apply(chunkOf(
            {change(Operation::Insert, {}, open), change(Operation::Insert, {}, paid)}, 2, true));
        QCOMPARE(first->events.size(), std::size_t(3));
        QCOMPARE(first->firstEventIndex, std::uint64_t(0));
        QCOMPARE(second->events.size(), std::size_t(1));
        QCOMPARE(second->firstEventIndex, std::uint64_t(3));
        // The same transaction read again is numbered the same way.
        const auto again = masker.apply(
            chunkOf({change(Operation::Update, moved, paid), change(Operation::Insert, {}, paid)},
                    0, false));
        const auto secondAgain = masker.apply(chunkOf(
            {change(Operation::Insert, {}, open), change(Operation::Insert, {}, paid)}, 2, true));
        QCOMPARE(secondAgain->firstEventIndex, std::uint64_t(3));
        QCOMPARE(again->firstEventIndex, std::uint64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestTransformSteps)
#include "tst_transform_steps.moc"
