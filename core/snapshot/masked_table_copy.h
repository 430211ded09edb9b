#pragma once

#include "snapshot/table_copy.h"
#include "transform/transform_chain.h"

#include <memory>

namespace syncline {

// A snapshot's tables with the chain's masks applied: the rows of a table a step selects are
// read as COPY text, masked row by row and written back as COPY text, so no raw value reaches a
// sink. It tells its readers that it is not PostgreSQL's own COPY data (postgresVersion() 0),
// so that they never ask for the binary format.
class MaskedTableCopy : public TableCopySource
{
public:
    MaskedTableCopy(std::unique_ptr<TableCopySource> inner, const transform::TransformChain &chain);

    long long copyTable(const TableDefinition &table, const RowsConsumer &consume,
                        Format format) override;
    long long estimatedRows(const TableDefinition &table) override
    {
        return m_inner->estimatedRows(table);
    }
    int postgresVersion() const override { return 0; }

private:
    std::unique_ptr<TableCopySource> m_inner;
    const transform::TransformChain &m_chain;
};

} // namespace syncline
