#include "transform/transform_chain.h"

#include "util/glob.h"

namespace syncline::transform {

void TablePlan::apply(Row &row) const
{
    for (std::size_t i = 0; i < row.size() && i < columns.size(); ++i)
        for (const ColumnMask &mask : columns[i])
            row[i] = mask.apply(row[i]);
}

bool selectsColumn(const std::string &pattern, const std::string &schema, const std::string &table,
                   const std::string &column)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto dot = pattern.find('.', start);
        parts.push_back(std::string_view(pattern).substr(start, dot - start));
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    const std::string_view names[] = {schema, table, column};
    if (parts.size() > 3)
        return false;
    // Right-aligned: the last part is the column, the one before it the table.
    for (std::size_t i = 0; i < parts.size(); ++i)
        if (!globMatches(parts[parts.size() - 1 - i], names[2 - i]))
            return false;
    return true;
}

TransformChain::TransformChain(std::vector<TransformConfig> steps) : m_steps(std::move(steps)) {}

std::shared_ptr<const TablePlan> TransformChain::planFor(const TableSchema &table) const
{
    auto plan = std::make_shared<TablePlan>();
    plan->columns.resize(table.columns.size());
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        const Column &column = table.columns[i];
        for (const TransformConfig &step : m_steps) {
            bool selected = false;
            for (const auto &pattern : step.columns)
                selected =
                    selected || selectsColumn(pattern, table.schema, table.name, column.name);
            if (!selected)
                continue;
            plan->columns[i].emplace_back(step, column, table.qualifiedName());
            plan->touchesAny = true;
        }
    }
    return plan;
}

const TablePlan &ChunkMasker::planFor(const std::shared_ptr<const TableSchema> &table)
{
    auto &entry = m_plans[table.get()];
    if (!entry.second) {
        entry = {table, m_chain.planFor(*table)};
        // Shapes are few; drop those no event refers to any longer, now and then.
        if (m_plans.size() > 1024)
            std::erase_if(m_plans,
                          [](const auto &item) { return item.second.first.use_count() == 1; });
    }
    return *m_plans[table.get()].second;
}

std::shared_ptr<const TransactionChunk>
ChunkMasker::apply(std::shared_ptr<const TransactionChunk> chunk)
{
    std::shared_ptr<TransactionChunk> masked;
    for (std::size_t i = 0; i < chunk->events.size(); ++i) {
        const ChangeEvent &event = chunk->events[i];
        if (!event.table || (!event.before && !event.after))
            continue;
        const TablePlan &plan = planFor(event.table);
        if (!plan.touchesAny)
            continue;
        if (!masked)
            masked = std::make_shared<TransactionChunk>(*chunk);
        ChangeEvent &copy = masked->events[i];
        if (copy.before)
            plan.apply(*copy.before);
        if (copy.after)
            plan.apply(*copy.after);
    }
    return masked ? masked : chunk;
}

} // namespace syncline::transform
