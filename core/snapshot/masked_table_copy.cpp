#include "snapshot/masked_table_copy.h"

#include "snapshot/copy_text.h"
#include "util/errors.h"

namespace syncline {

MaskedTableCopy::MaskedTableCopy(std::unique_ptr<TableCopySource> inner,
                                 const transform::TransformChain &chain)
    : m_inner(std::move(inner)), m_chain(chain)
{}

long long MaskedTableCopy::copyTable(const TableDefinition &table, const RowsConsumer &consume,
                                     Format format)
{
    const auto plan = m_chain.planFor(table.toSchema());
    if (!plan->touchesAny)
        return m_inner->copyTable(table, consume, format);
    if (format != Format::Text)
        throw PermanentError("masked snapshot rows of " + table.qualifiedName() +
                             " are only written as COPY text");
    std::string masked;
    std::string partial; // a row the inner source cut between two chunks
    return m_inner->copyTable(
        table,
        [&](std::string_view data, long long rows) {
            masked.clear();
            std::size_t start = 0;
            while (start < data.size()) {
                const auto newline = data.find('\n', start);
                if (newline == std::string_view::npos) {
                    partial.append(data.substr(start));
                    break;
                }
                std::string_view line = data.substr(start, newline - start);
                if (!partial.empty()) {
                    partial.append(line);
                    line = partial;
                }
                Row row = parseCopyTextRow(line);
                plan->apply(row);
                for (std::size_t i = 0; i < row.size(); ++i) {
                    if (i > 0)
                        masked += '\t';
                    appendCopyTextField(masked, row[i]);
                }
                masked += '\n';
                partial.clear();
                start = newline + 1;
            }
            consume(masked, rows);
        },
        Format::Text);
}

} // namespace syncline
