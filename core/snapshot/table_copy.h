#pragma once

#include "model/table_definition.h"

#include <functional>
#include <string>
#include <string_view>

namespace syncline {

// A consistent snapshot's tables as PostgreSQL COPY data, which a sink loads with COPY FROM
// STDIN. The PostgreSQL source reads it with COPY TO STDOUT under an exported snapshot.
class TableCopySource
{
public:
    enum class Format : char
    {
        Text,
        Binary // COPY's binary format: the stream as a whole, header and trailer included
    };
    // Called with chunks of whole rows and how many rows each holds.
    using RowsConsumer = std::function<void(std::string_view data, long long rows)>;

    virtual ~TableCopySource() = default;

    // The table's columns, in the order of copyColumnList(); returns the row count.
    virtual long long copyTable(const TableDefinition &table, const RowsConsumer &consume,
                                Format format) = 0;
    // For progress reporting; 0 or less when unknown.
    virtual long long estimatedRows(const TableDefinition &table) = 0;
    // Binary COPY data is what one PostgreSQL major version's send functions write: the
    // source server's version (as server_version_num), or 0 when the source is not PostgreSQL.
    virtual int postgresVersion() const = 0;
};

// "(\"a\", \"b\")": the column list COPY uses on both ends.
std::string copyColumnList(const TableDefinition &table);

} // namespace syncline
