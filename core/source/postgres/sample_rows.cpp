#include "source/postgres/sample_rows.h"

#include "pg/connection.h"
#include "pg/conninfo.h"
#include "source/postgres/source_catalog.h"

#include <libpq-fe.h>

#include <algorithm>

namespace syncline {

SampledRows samplePostgresRows(const std::string &dsn, const std::string &schema,
                               const std::string &table, int limit)
{
    auto connection = pg::Connection::open(dsn, pg::Connection::Mode::Normal, "syncline preview");
    SourceCatalog catalog(connection);
    SampledRows sample{.table = catalog.describeTable(schema + "." + table).toSchema(), .rows = {}};
    std::string columns;
    for (const auto &column : sample.table.columns)
        columns += (columns.empty() ? "" : ", ") + pg::quoteIdentifier(column.name);
    if (columns.empty())
        return sample;
    auto result =
        connection.exec("SELECT " + columns + " FROM " + pg::quoteQualifiedName(schema, table) +
                        " LIMIT " + std::to_string(std::max(limit, 0)));
    const PGresult *rows = result.get();
    for (int row = 0; row < PQntuples(rows); ++row) {
        Row values;
        for (int column = 0; column < PQnfields(rows); ++column)
            values.push_back(pg::resultIsNull(rows, row, column)
                                 ? Value::null()
                                 : Value::fromText(pg::resultValue(rows, row, column)));
        sample.rows.push_back(std::move(values));
    }
    return sample;
}

} // namespace syncline
