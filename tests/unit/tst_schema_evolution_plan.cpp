// How a sink plans a source table's new shape against its target: widening versus narrowing
// type changes, additions with the value older rows hold, renames by attnum, drops kept or
// applied, and what the policy refuses.

#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "schema/schema_evolution.h"
#include "schema/type_widening.h"
#endif

using namespace syncline;

namespace {

Column sourceColumn(const std::string &name, const std::string &sqlType, bool notNull = false)
{
    Column column;
    column.name = name;
    column.sqlType = sqlType;
    column.notNull = notNull;
    return column;
}

TableSchema users(std::vector<Column> columns)
{
    TableSchema table;
    table.schema = "public";
    table.name = "users";
    table.columns = std::move(columns);
    return table;
}

const std::vector<TargetColumn> kTarget = {
    {"id", "integer", true, false, true},
    {"name", "character varying(20)", true, false, false},
    {"qty", "integer", false, false, false},
};

std::vector<Column> baseColumns()
{
    return {sourceColumn("id", "integer", true),
            sourceColumn("name", "character varying(20)", true), sourceColumn("qty", "integer")};
}

} // namespace

class TestSchemaEvolutionPlan : public QObject
{
    Q_OBJECT

private slots:
    void widening_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<bool>("widens");
        QTest::newRow("int to bigint") << "integer"
                                       << "bigint" << true;
        QTest::newRow("smallint to integer") << "smallint"
                                             << "integer" << true;
        QTest::newRow("bigint to int") << "bigint"
                                       << "integer" << false;
        QTest::newRow("int to numeric") << "integer"
                                        << "numeric" << true;
        QTest::newRow("int to numeric(5,0)") << "integer"
                                             << "numeric(5,0)" << false;
        QTest::newRow("real to double") << "real"
                                        << "double precision" << true;
        QTest::newRow("varchar longer") << "character varying(20)"
                                        << "character varying(200)" << true;
        QTest::newRow("varchar shorter") << "character varying(20)"
                                         << "character varying(5)" << false;
        QTest::newRow("varchar to text") << "character varying(20)"
                                         << "text" << true;
        QTest::newRow("text to varchar") << "text"
                                         << "character varying" << true;
        QTest::newRow("text to varchar(10)") << "text"
                                             << "character varying(10)" << false;
        QTest::newRow("numeric more digits") << "numeric(10,2)"
                                             << "numeric(14,4)" << true;
        QTest::newRow("numeric less scale") << "numeric(10,2)"
                                            << "numeric(12,1)" << false;
        QTest::newRow("numeric to unbounded") << "numeric(10,2)"
                                              << "numeric" << true;
        QTest::newRow("timestamp precision") << "timestamp(3) without time zone"
                                             << "timestamp(6) without time zone" << true;
        QTest::newRow("timestamp to timestamptz") << "timestamp without time zone"
                                                  << "timestamp with time zone" << false;
        QTest::newRow("text to integer") << "text"
                                         << "integer" << false;
        QTest::newRow("array element") << "character varying(5)[]"
                                       << "character varying(9)[]" << false;
    }
    void widening()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(bool, widens);
        QCOMPARE(isWidening(from.toStdString(), to.toStdString()), widens);
    }

    void sameShapePlansNothing()
    {
        QVERIFY(planSchemaChanges(users(baseColumns()), kTarget, {}).changes.empty());
    }

    void addedColumnGetsTheValueOlderRowsHold()
    {
        auto columns = baseColumns();
        Column tier = sourceColumn("tier", "integer", true);
        tier.hasDefault = true;
        tier.existingRowsValue = "7";
        columns.push_back(tier);
        columns.push_back(sourceColumn("city", "text"));
        const auto plan = planSchemaChanges(users(columns), kTarget, {});
        QCOMPARE(
            plan.statements(),
            (std::vector<std::string>{
                R"(ALTER TABLE "public"."users" ADD COLUMN "tier" integer DEFAULT '7' NOT NULL)",
                R"(ALTER TABLE "public"."users" ADD COLUMN "city" text)"}));
        QVERIFY(!plan.refused());
    }

    void volatileDefaultAsksForResync()
    {
        auto columns = baseColumns();
        Column stamped = sourceColumn("at", "timestamp with time zone");
        stamped.hasDefault = true; // now(): no attmissingval, the table was rewritten
        columns.push_back(stamped);
        const auto plan = planSchemaChanges(users(columns), kTarget, {});
        QCOMPARE(plan.changes.size(), std::size_t(1));
        QVERIFY(plan.changes[0].detail.find("resync") != std::string::npos);
    }

    void renameFollowsTheAttnum()
    {
        auto columns = baseColumns();
        columns[1].name = "full_name";
        columns[1].renamedFrom = "name";
        const auto plan = planSchemaChanges(users(columns), kTarget, {});
        QCOMPARE(plan.statements(),
                 (std::vector<std::string>{
                     R"(ALTER TABLE "public"."users" RENAME COLUMN "name" TO "full_name")"}));
    }

    void droppedColumnIsKeptNullableOrDropped()
    {
        auto columns = baseColumns();
        columns.erase(columns.begin() + 1); // name
        auto plan = planSchemaChanges(users(columns), kTarget, {});
        QCOMPARE(plan.statements(),
                 (std::vector<std::string>{
                     R"(ALTER TABLE "public"."users" ALTER COLUMN "name" DROP NOT NULL)"}));
        SchemaChangePolicy dropping;
        dropping.dropColumn = SchemaChangePolicy::Action::Apply;
        plan = planSchemaChanges(users(columns), kTarget, dropping);
        QCOMPARE(plan.statements(),
                 (std::vector<std::string>{R"(ALTER TABLE "public"."users" DROP COLUMN "name")"}));
    }

    void droppedKeyColumnIsRefused()
    {
        auto columns = baseColumns();
        columns.erase(columns.begin());
        QVERIFY(planSchemaChanges(users(columns), kTarget, {}).refused());
    }

    void narrowingIsRefusedWhenTheTargetFollowedTheSource()
    {
        auto columns = baseColumns();
        columns[2].sqlType = "smallint";
        columns[2].previousSqlType = "integer";
        const auto plan = planSchemaChanges(users(columns), kTarget, {});
        QVERIFY(plan.refused());
        QCOMPARE(plan.refused()->kind, SchemaChange::Kind::Incompatible);
        QVERIFY(plan.statements().empty());
        SchemaChangePolicy keeping;
        keeping.incompatible = SchemaChangePolicy::Action::Keep;
        const auto kept = planSchemaChanges(users(columns), kTarget, keeping);
        QVERIFY(!kept.refused());
        QVERIFY(kept.statements().empty());
    }

    // A target made wider on purpose (bigint for an integer column) holds every value.
    void deliberatelyWiderTargetIsLeftAlone()
    {
        auto target = kTarget;
        target[2].sqlType = "bigint";
        QVERIFY(planSchemaChanges(users(baseColumns()), target, {}).changes.empty());
    }

    void wideningIsApplied()
    {
        auto columns = baseColumns();
        columns[1].sqlType = "character varying(200)";
        const auto plan = planSchemaChanges(users(columns), kTarget, {});
        QCOMPARE(
            plan.statements(),
            (std::vector<std::string>{
                R"(ALTER TABLE "public"."users" ALTER COLUMN "name" TYPE character varying(200) USING "name"::character varying(200))"}));
    }

    void unknownTypesCompareByNameOnly()
    {
        std::vector<Column> columns;
        for (const auto &target : kTarget) {
            Column column;
            column.name = target.name;
            columns.push_back(column);
        }
        QVERIFY(planSchemaChanges(users(columns), kTarget, {}).changes.empty());
    }
};

QTEST_GUILESS_MAIN(TestSchemaEvolutionPlan)
#include "tst_schema_evolution_plan.moc"
