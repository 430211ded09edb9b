#include "verify/rows_in_rounds.h"

#include "verify/in_snapshot.h"
#include "verify/sink_catch_up.h"

#include "pg/connection.h"
#include "pg/conninfo.h"

#include <libpq-fe.h>

#include <algorithm>
#include <optional>
#include <set>

namespace syncline::verify {

std::string selectAllAsText(const TableSchema &table)
{
    std::string columns;
    for (const auto &column : table.columns)
        columns += (columns.empty() ? "" : ", ") + pg::quoteIdentifier(column.name) + "::text";
    return "SELECT " + columns + " FROM " + pg::quoteQualifiedName(table.schema, table.name);
}

Row rowAsText(const PGresult *result, int row)
{
    Row values;
    for (int column = 0; column < PQnfields(result); ++column)
        values.push_back(pg::resultIsNull(result, row, column)
                             ? Value::null()
                             : Value::fromText(pg::resultValue(result, row, column)));
    return values;
}

void readWithMark(pg::Connection &source, const TableSchema &table, Lsn &mark,
                  const std::function<void(Row &row)> &take)
{
    inSnapshot(source, [&] {
        mark = SinkCatchUp::writeMark(source);
        const auto read = source.exec(selectAllAsText(table));
        for (int row = 0; row < PQntuples(read.get()); ++row) {
            Row values = rowAsText(read.get(), row);
            take(values);
        }
        return 0;
    });
}

void compareInRounds(TableResult &result, const std::vector<std::string> &keyColumns,
                     const std::function<RowsInMemory(Lsn &mark)> &readSource,
                     const std::function<RowsInMemory()> &readTarget, SinkCatchUp &catchUp,
                     const std::string &sinkTable, int maxRounds, std::size_t keptDifferences)
{
    struct Suspect
    {
        std::optional<std::string> version, targetJson;
        int rounds = 0;
    };
    std::map<Key, Suspect> suspects;
    for (int round = 0; round < std::max(3, maxRounds); ++round) {
        Lsn mark;
        const RowsInMemory onSource = readSource(mark);
        catchUp.waitPassed(mark, sinkTable);
        const RowsInMemory onTarget = readTarget();
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
            difference.table = result.table;
            difference.keyColumns = keyColumns;
            difference.key = key;
            if (s != onSource.end())
                difference.sourceRow = s->second.json;
            if (t != onTarget.end())
                difference.targetRow = t->second.json;
            result.record(std::move(difference), keptDifferences);
            suspects.erase(key);
        }
        if (suspects.empty())
            break;
    }
    result.unsettled = (long long)suspects.size();
}

} // namespace syncline::verify
