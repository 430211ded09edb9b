#include "verify/transformed_table_verifier.h"

#include "verify/in_snapshot.h"
#include "verify/sink_catch_up.h"
#include "verify/verify_error.h"

#include "pg/connection.h"
#include "pg/conninfo.h"
#include "source/postgres/source_catalog.h"
#include "transform/transform_chain.h"
#include "util/json.h"

#include <libpq-fe.h>

#include <chrono>
#include <set>

namespace syncline::verify {

namespace {

std::string selectAll(const TableSchema &table)
{
    std::string columns;
    for (const auto &column : table.columns)
        columns += (columns.empty() ? "" : ", ") + pg::quoteIdentifier(column.name) + "::text";
    return "SELECT " + columns + " FROM " + pg::quoteQualifiedName(table.schema, table.name);
}

Row rowOf(const PGresult *result, int row)
{
    Row values;
    for (int column = 0; column < PQnfields(result); ++column)
        values.push_back(pg::resultIsNull(result, row, column)
                             ? Value::null()
                             : Value::fromText(pg::resultValue(result, row, column)));
    return values;
}

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

    auto readSource = [&] {
        Rows rows;
        const auto read = m_source.exec(selectAll(source));
        for (int row = 0; row < PQntuples(read.get()); ++row) {
            Row values = rowOf(read.get(), row);
            std::string version = jsonOf(source, values);
            if (!plan->apply(values))
                continue; // filtered out: the target must not have it
            rows[keyOf(output, values)] = {std::move(version), jsonOf(output, values)};
        }
        return rows;
    };
    auto readTarget = [&] {
        Rows rows;
        const auto read = m_target.exec(selectAll(output));
        for (int row = 0; row < PQntuples(read.get()); ++row) {
            const Row values = rowOf(read.get(), row);
            rows[keyOf(output, values)] = {{}, jsonOf(output, values)};
        }
        return rows;
    };

    struct Suspect
    {
        std::optional<std::string> version, targetJson;
        int rounds = 0;
    };
    std::map<Key, Suspect> suspects;
    for (int round = 0; round < std::max(3, m_options.maxRounds); ++round) {
        Lsn mark;
        const Rows onSource = inSnapshot(m_source, [&] {
            mark = SinkCatchUp::writeMark(m_source);
            return readSource();
        });
        m_catchUp.waitPassed(mark, output.qualifiedName());
        const Rows onTarget = inSnapshot(m_target, readTarget);
        std::set<Key> keys;
        if (round == 0) {
            result.sourceRows = (long long)onSource.size();
            for (const auto &[key, row] : onSource)
                keys.insert(key);
            for (const auto &[key, row] : onTarget)
                keys.insert(key);
        } else {
            for (const auto &[key, suspect] : suspects)
                keys.insert(key);
        }
        for (const Key &key : keys) {
            const auto s = onSource.find(key);
            const auto t = onTarget.find(key);
            const bool onBoth = s != onSource.end() && t != onTarget.end();
            if (onBoth ? s->second.json == t->second.json
                       : s == onSource.end() && t == onTarget.end()) {
                suspects.erase(key);
                continue;
            }
            std::optional<std::string> version, targetJson;
            if (s != onSource.end())
                version = s->second.version;
            if (t != onTarget.end())
                targetJson = t->second.json;
            auto &suspect = suspects[key];
            const bool unchanged = suspect.rounds > 0 && suspect.version == version &&
                                   (version || suspect.targetJson == targetJson);
            suspect = {version, targetJson, unchanged ? suspect.rounds + 1 : 1};
            if (suspect.rounds < (version ? 2 : 3))
                continue;
            Difference difference;
            difference.table = table;
            difference.keyColumns = keyColumns;
            difference.key = key;
            if (s != onSource.end())
                difference.sourceRow = s->second.json;
            if (t != onTarget.end())
                difference.targetRow = t->second.json;
            result.record(std::move(difference), m_options.keptDifferences);
            suspects.erase(key);
        }
        if (suspects.empty())
            break;
    }
    result.unsettled = (long long)suspects.size();
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace syncline::verify
