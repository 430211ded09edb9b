#include "verify/transformed_table_verifier.h"

#include "verify/in_snapshot.h"
#include "verify/rows_in_rounds.h"
#include "verify/sink_catch_up.h"
#include "verify/verify_error.h"

#include "pg/connection.h"
#include "pg/conninfo.h"
#include "source/postgres/source_catalog.h"
#include "transform/transform_chain.h"
#include "util/json.h"

#include <libpq-fe.h>

#include <chrono>

namespace syncline::verify {

namespace {

// {"column": "text" or null, ...}: how both sides' rows are compared and reported.
std::string jsonOf(const TableSchema &table, const Row &row)
{
    std::string out = "{";
    for (std::size_t i = 0; i < table.columns.size() && i < row.size(); ++i) {
        if (i > 0)
            out += ", ";
        appendJsonQuoted(out, table.columns[i].name);
        out += ": ";
        if (row[i].isNull())
            out += "null";
        else
            appendJsonQuoted(out, row[i].text);
    }
    return out + "}";
}

Key keyOf(const TableSchema &table, const Row &row)
{
    Key key;
    for (std::size_t i = 0; i < table.columns.size() && i < row.size(); ++i)
        if (table.columns[i].isKey)
            key.push_back(row[i].isNull() ? std::string() : row[i].text);
    return key;
}

} // namespace

TableResult TransformedTableVerifier::verify(const std::string &sink, const std::string &table)
{
    const auto started = std::chrono::steady_clock::now();
    TableResult result;
    result.sink = sink;
    result.table = table;
    const TableSchema source = SourceCatalog(m_source).describeTable(table).toSchema();
    const auto plan = m_chain.planFor(source);
    const TableSchema &output = *plan->output;
    if (output.keyColumnIndexes().empty())
        throw VerifyError("not compared: " + table + " has no key to match rows by");
    std::vector<std::string> keyColumns;
    for (int i : output.keyColumnIndexes())
        keyColumns.push_back(output.columns[std::size_t(i)].name);

    auto readSource = [&](Lsn &mark) {
        RowsInMemory rows;
        readWithMark(m_source, source, mark, [&](Row &values) {
            std::string version = jsonOf(source, values);
            if (plan->apply(values)) // else filtered out: the target must not have it
                rows[keyOf(output, values)] = {std::move(version), jsonOf(output, values)};
        });
        return rows;
    };
    auto readTarget = [&] {
        return inSnapshot(m_target, [&] {
            RowsInMemory rows;
            const auto read = m_target.exec(selectAllAsText(output));
            for (int row = 0; row < PQntuples(read.get()); ++row) {
                const Row values = rowAsText(read.get(), row);
                rows[keyOf(output, values)] = {{}, jsonOf(output, values)};
            }
            return rows;
        });
    };
    compareInRounds(result, keyColumns, readSource, readTarget, m_catchUp, output.qualifiedName(),
                    m_options.maxRounds, m_options.keptDifferences);
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace syncline::verify
