#pragma once

#include "model/value.h"
#include "snapshot/table_copy.h"
#include "source/mysql/binlog_table.h"

#include <optional>
#include <string>
#include <vector>

namespace syncline::mysql {

class Client;

// A value as SELECT returns it (text protocol, utf8mb4, time_zone '+00:00') as the PostgreSQL
// text decodeValue() gives for the same value read from the binary log, so that a copied row
// and a streamed one are the same: zero dates are NULL, fractions of seconds are written as
// decodeValue writes them, TIMESTAMP is UTC with "+00", YEAR 0000 is 0, binary strings are
// bytea hex, BIT a bit string, floats the shortest text that reads back the same.
Value postgresValueOf(const BinlogColumn &column, const std::optional<std::string> &text);

// The tables of a consistent snapshot, read with SELECT on the connection that holds it
// (beginConsistentSnapshot) and written as COPY text.
class MysqlTableCopy : public TableCopySource
{
public:
    MysqlTableCopy(Client &client, std::vector<BinlogTable> tables);

    long long copyTable(const TableDefinition &table, const RowsConsumer &consume,
                        Format format) override;
    long long estimatedRows(const TableDefinition &table) override;
    int postgresVersion() const override { return 0; }

private:
    const BinlogTable &described(const TableDefinition &table) const;

    Client &m_client;
    std::vector<BinlogTable> m_tables;
};

} // namespace syncline::mysql
