// What the console's Privacy view and Preview ask of core: which transform steps select a
// column and by which pattern, which pii:-tagged columns leave unmasked, the steps of a pipeline
// document that does not validate yet, and sampled rows run through the chain.

#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "config/document_transforms.h"
#include "config/pipeline_yaml_reader.h"
#include "model/type_oids.h"
#include "transform/chain_preview.h"
#include "transform/column_coverage.h"
#include "transform/transform_chain.h"
#endif

using namespace syncline;
using namespace syncline::transform;

namespace {

TransformConfig mask(const std::string &with, std::vector<std::string> columns,
                     std::vector<std::string> tagged = {})
{
    TransformConfig step;
    step.with = with;
    step.columns = std::move(columns);
    step.tagged = std::move(tagged);
    step.key = "Jefe";
    return step;
}

TableSchema users()
{
    TableSchema table{.schema = "public", .name = "users"};
    table.columns = {
        {.name = "id", .typeOid = type_oids::kText, .isKey = true, .sqlType = "text"},
        {.name = "email",
         .typeOid = type_oids::kText,
         .sqlType = "text",
         .comment = "Work address. pii:email"},
        {.name = "phone", .typeOid = type_oids::kText, .sqlType = "text", .comment = "pii:phone"},
        {.name = "nickname", .typeOid = type_oids::kText, .sqlType = "text", .comment = "pii:name"},
        {.name = "note", .typeOid = type_oids::kText, .sqlType = "text"},
    };
    return table;
}

} // namespace

class TestColumnCoverage : public QObject
{
    Q_OBJECT

private slots:
    void stepsAndPatternsThatSelect()
    {
        const std::vector<TransformConfig> steps = {mask("hash", {"*.email"}),
                                                    mask("redact", {"users.note"}, {"pii:e*"})};
        const TableSchema table = users();
        QCOMPARE(stepsSelecting(steps, table, table.columns[1]),
                 (std::vector<StepMatch>{{0, "*.email"}, {1, "pii:e*"}}));
        QCOMPARE(stepsSelecting(steps, table, table.columns[4]),
                 (std::vector<StepMatch>{{1, "users.note"}}));
        QVERIFY(stepsSelecting(steps, table, table.columns[0]).empty());
    }

    // A tagged column no step masks is flagged unless allow_unmasked names it; untagged
    // columns never are.
    void unmaskedPiiIsFlagged()
    {
        const auto coverage =
            columnCoverage({mask("hash", {"*.email"})}, {"users.nickname"}, users());
        QCOMPARE(coverage.size(), std::size_t(5));
        QCOMPARE(coverage[1].tags, std::vector<std::string>{"pii:email"});
        QVERIFY(!coverage[1].unmaskedPii);
        QVERIFY(coverage[2].unmaskedPii); // phone: tagged, no rule
        QVERIFY(coverage[3].allowedUnmasked);
        QVERIFY(!coverage[3].unmaskedPii);
        QVERIFY(!coverage[4].unmaskedPii);
        QVERIFY(!coverage[0].unmaskedPii);
    }

    // The Privacy view works on a file that does not validate: a key's ${ENV} unset, no sink.
    void stepsOfADocument()
    {
        auto read = readPipelineYaml("pipeline: p\n"
                                     "transforms:\n"
                                     "  - {type: mask, columns: [\"*.email\"], with: hash, "
                                     "key: \"${NOT_SET_ANYWHERE}\"}\n"
                                     "  - {type: mask, tagged: [\"pii:*\"], with: redact}\n"
                                     "allow_unmasked: [users.nickname]\n",
                                     "/p.yaml");
        const auto &document = std::get<PipelineDocument>(read);
        const auto steps = transformSelections(document);
        QCOMPARE(steps.size(), std::size_t(2));
        QCOMPARE(steps[0].columns, std::vector<std::string>{"*.email"});
        QCOMPARE(steps[0].with, std::string("hash"));
        QVERIFY(steps[0].key.empty());
        QCOMPARE(steps[1].tagged, std::vector<std::string>{"pii:*"});
        QCOMPARE(allowUnmaskedOf(document), std::vector<std::string>{"users.nickname"});
    }

    void previewRunsRowsThroughTheChain()
    {
        const TransformChain chain({mask("redact", {"*.email"})});
        const Row row = {Value::fromText("1"), Value::fromText("ann@example.com"),
                         Value::fromText("555"), Value::null(), Value::fromText("hi")};
        const ChainPreview preview = previewChain(chain, users(), {row});
        QCOMPARE(preview.rows.size(), std::size_t(1));
        QCOMPARE(preview.rows[0].before, row);
        QVERIFY(preview.rows[0].after);
        QCOMPARE((*preview.rows[0].after)[1].text, std::string("[redacted]"));
        QCOMPARE((*preview.rows[0].after)[2].text, std::string("555"));
        QCOMPARE(preview.output.columns.size(), users().columns.size());
    }
};

QTEST_GUILESS_MAIN(TestColumnCoverage)
#include "tst_column_coverage.moc"
