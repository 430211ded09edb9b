#pragma once

#include "snapshot/table_copy.h"
#include "transform/transform_chain.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace syncline {

// A snapshot's tables through the transform chain: the rows of a table a step changes are read
// as COPY text, transformed row by row (masked, filtered, their columns selected) and written
// back as COPY text, so no raw value reaches a sink. Tables are asked for by the names and
// columns the targets know (TransformChain::outputDefinition of `sourceTables`). It tells its
// readers that it is not PostgreSQL's own COPY data (postgresVersion() 0), so that they never
// ask for the binary format.
class MaskedTableCopy : public TableCopySource
{
public:
    MaskedTableCopy(std::unique_ptr<TableCopySource> inner, const transform::TransformChain &chain,
                    std::vector<TableDefinition> sourceTables);

    long long copyTable(const TableDefinition &table, const RowsConsumer &consume,
                        Format format) override;
    long long estimatedRows(const TableDefinition &table) override
    {
        return m_inner->estimatedRows(sourceOf(table));
    }
    int postgresVersion() const override { return 0; }

private:
    const TableDefinition &sourceOf(const TableDefinition &table) const;

    std::unique_ptr<TableCopySource> m_inner;
    const transform::TransformChain &m_chain;
    std::vector<TableDefinition> m_tables;
    std::map<std::string, std::size_t> m_byTargetName; // index in m_tables
};

} // namespace syncline
