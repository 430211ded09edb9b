#include "snapshot/masked_table_copy.h"

#include "snapshot/copy_text.h"
#include "util/errors.h"

namespace syncline {

MaskedTableCopy::MaskedTableCopy(std::unique_ptr<TableCopySource> inner,
                                 const transform::TransformChain &chain,
                                 std::vector<TableDefinition> sourceTables)
    : m_inner(std::move(inner)), m_chain(chain), m_tables(std::move(sourceTables))
{
    for (std::size_t i = 0; i < m_tables.size(); ++i)
        m_byTargetName[m_chain.outputDefinition(m_tables[i]).qualifiedName()] = i;
}

// Asked by the name the targets know: the source's table of that name.
const TableDefinition &MaskedTableCopy::sourceOf(const TableDefinition &table) const
{
    const auto found = m_byTargetName.find(table.qualifiedName());
    return found == m_byTargetName.end() ? table : m_tables[found->second];
}

long long MaskedTableCopy::copyTable(const TableDefinition &table, const RowsConsumer &consume,
                                     Format format)
{
    const TableDefinition &read = sourceOf(table);
    const auto plan = m_chain.planFor(read.toSchema());
    if (!plan->touchesAny)
        return m_inner->copyTable(read, consume, format);
    if (format != Format::Text)
        throw PermanentError("transformed snapshot rows of " + read.qualifiedName() +
                             " are only written as COPY text");
    std::string out;
    long long kept = 0;
    m_inner->copyTable(
        read,
        [&](std::string_view data, long long) {
            // The inner source hands on whole rows, each ending in a newline.
            out.clear();
            long long rows = 0;
            std::size_t start = 0;
            while (start < data.size()) {
                auto newline = data.find('\n', start);
                if (newline == std::string_view::npos)
                    newline = data.size();
                Row row = parseCopyTextRow(data.substr(start, newline - start));
                start = newline + 1;
                if (!plan->apply(row))
                    continue;
                for (std::size_t i = 0; i < row.size(); ++i) {
                    if (i > 0)
                        out += '\t';
                    appendCopyTextField(out, row[i]);
                }
                out += '\n';
                ++rows;
            }
            kept += rows;
            if (rows > 0)
                consume(out, rows);
        },
        Format::Text);
    return kept;
}

} // namespace syncline
