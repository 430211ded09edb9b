#pragma once

#include "model/value.h"
#include "snapshot/table_copy.h"
#include "source/mysql/binlog_table.h"

#include <optional>
#include <string>
#include <vector>

namespace syncline::mysql {

class Client;

// What SELECT reads a column as, for postgresValueOf(): character, binary, ENUM and SET
// columns as their bytes (CAST(... AS BINARY)), so that they convert exactly as decodeValue()
// converts the binary log's bytes (latin1 as Windows-1252, binary as bytea hex); FLOAT widened
// to DOUBLE, whose text reads back the same float (FLOAT's own text keeps 6 digits); the rest
// as the column.
std::string selectExpression(const BinlogColumn &column);

// A value as SELECT selectExpression() returns it in the text protocol (session time_zone
// '+00:00'), as the PostgreSQL text decodeValue() gives for the same value read from the
// binary log: identical text, so that a snapshot row and a streamed row compare equal.
// Zero dates are NULL. Throws PermanentError for text that does not fit the type.
Value postgresValueOf(const BinlogColumn &column, const std::optional<std::string> &text);

// The tables of a consistent snapshot as COPY text, read over a Client inside
// beginConsistentSnapshot(): one SELECT per table, streamed row by row, handed on in chunks
// of about 1 MB. Text only: postgresVersion() is 0, and Binary is refused.
class MysqlTableCopy : public TableCopySource
{
public:
    // `tables` as describeTable() or the table maps give them; sets the session's time_zone
    // to '+00:00', as the binary log's TIMESTAMPs are UTC.
    MysqlTableCopy(Client &client, std::vector<BinlogTable> tables);

    long long copyTable(const TableDefinition &table, const RowsConsumer &consume,
                        Format format) override;
    long long estimatedRows(const TableDefinition &table) override;
    int postgresVersion() const override { return 0; }

    static constexpr std::size_t kChunkBytes = 1 << 20;

private:
    const BinlogTable &tableOf(const TableDefinition &table) const;

    Client &m_client;
    std::vector<BinlogTable> m_tables;
};

} // namespace syncline::mysql
