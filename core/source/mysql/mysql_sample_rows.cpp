#include "source/mysql/mysql_sample_rows.h"

#include "source/mysql/mysql_catalog.h"
#include "source/mysql/mysql_client.h"
#include "source/mysql/mysql_dsn.h"
#include "source/mysql/mysql_table_copy.h"
#include "source/mysql/postgres_types.h"
#include "util/errors.h"

#include <algorithm>

namespace syncline::mysql {

SampledRows sampleMysqlRows(const std::string &dsn, const std::string &database,
                            const std::string &table, int limit)
{
    Client client(MysqlDsn::parse(dsn));
    client.exec("SET SESSION time_zone = '+00:00'"); // TIMESTAMPs as the binary log has them
    const auto described = describeTable(client, database, table);
    if (!described)
        throw PermanentError("the MySQL server has no table " + database + "." + table);
    SampledRows sample{.table = postgresTable(*described), .rows = {}};
    std::string select;
    for (const auto &column : described->columns)
        select += (select.empty() ? "SELECT " : ", ") + selectExpression(column);
    if (select.empty())
        return sample;
    select += " FROM " + Client::identifier(database) + '.' + Client::identifier(table) +
              " LIMIT " + std::to_string(std::max(limit, 0));
    for (const auto &row : client.query(select)) {
        Row values;
        for (std::size_t i = 0; i < described->columns.size(); ++i) {
            try {
                values.push_back(postgresValueOf(described->columns[i], row.at(i)));
            } catch (const PermanentError &) {
                // Its message quotes the value: a preview says nothing raw before it is asked to.
                throw PermanentError("column " + described->columns[i].name + " of " + database +
                                     "." + table +
                                     " holds a value that cannot be read as its type");
            }
        }
        sample.rows.push_back(std::move(values));
    }
    return sample;
}

} // namespace syncline::mysql
