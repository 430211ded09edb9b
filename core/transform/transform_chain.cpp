#include "transform/transform_chain.h"

#include "util/errors.h"
#include "util/glob.h"

#include <algorithm>

namespace syncline::transform {

void TablePlan::apply(Row &row) const
{
    // The key as the source sent it, before any step masks it.
    std::string rowKey;
    if (needsRowKey)
        for (std::size_t i : keyColumns)
            if (i < row.size())
                rowKey += row[i].text + '\0';
    for (std::size_t i = 0; i < row.size() && i < columns.size(); ++i)
        for (const ColumnMask &mask : columns[i])
            row[i] = mask.apply(row[i], rowKey);
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

std::vector<std::string> piiTags(const std::string &comment)
{
    std::vector<std::string> tags;
    std::size_t start = 0;
    while (start < comment.size()) {
        const auto end = comment.find_first_of(" \t\n,;", start);
        const std::string word = comment.substr(start, end - start);
        if (word.rfind("pii:", 0) == 0)
            tags.push_back(word);
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return tags;
}

TransformChain::TransformChain(std::vector<TransformConfig> steps,
                               std::vector<std::string> allowUnmasked)
    : m_steps(std::move(steps)), m_allowUnmasked(std::move(allowUnmasked))
{}

bool TransformChain::selects(const TransformConfig &step, const TableSchema &table,
                             const Column &column) const
{
    for (const auto &pattern : step.columns)
        if (selectsColumn(pattern, table.schema, table.name, column.name))
            return true;
    if (step.tagged.empty() || column.comment.empty())
        return false;
    for (const auto &tag : piiTags(column.comment))
        for (const auto &pattern : step.tagged)
            if (globMatches(pattern, tag))
                return true;
    return false;
}

std::string TransformChain::keptStatement(const std::string &ddl) const
{
    if (m_steps.empty())
        return ddl;
    return "-- not kept: this pipeline masks data, and the statement's text may quote it";
}

std::vector<std::string> TransformChain::unmaskedPii(const TableSchema &table) const
{
    std::vector<std::string> unmasked;
    for (const Column &column : table.columns) {
        const auto tags = piiTags(column.comment);
        if (tags.empty())
            continue;
        const bool masked = std::any_of(m_steps.begin(), m_steps.end(), [&](const auto &step) {
            return selects(step, table, column);
        });
        const bool allowed =
            std::any_of(m_allowUnmasked.begin(), m_allowUnmasked.end(), [&](const auto &pattern) {
                return selectsColumn(pattern, table.schema, table.name, column.name);
            });
        if (!masked && !allowed)
            unmasked.push_back(table.qualifiedName() + "." + column.name + " (" + tags.front() +
                               ")");
    }
    return unmasked;
}

std::shared_ptr<TablePlan> TransformChain::planFor(const TableSchema &table) const
{
    auto plan = std::make_shared<TablePlan>();
    plan->columns.resize(table.columns.size());
    for (std::size_t i = 0; i < table.columns.size(); ++i)
        if (table.columns[i].isKey)
            plan->keyColumns.push_back(i);
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        const Column &column = table.columns[i];
        for (const TransformConfig &step : m_steps) {
            if (!selects(step, table, column))
                continue;
            plan->columns[i].emplace_back(step, column, table.qualifiedName());
            plan->needsRowKey = plan->needsRowKey || step.with == "date_shift";
            plan->touchesAny = true;
        }
    }
    // An added column's value for the rows that existed before it is data like any other.
    std::shared_ptr<TableSchema> masked;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        const auto &existing = table.columns[i].existingRowsValue;
        if (plan->columns[i].empty() || !existing)
            continue;
        if (!masked)
            masked = std::make_shared<TableSchema>(table);
        Value value = Value::fromText(*existing);
        for (const ColumnMask &mask : plan->columns[i])
            value = mask.apply(value);
        masked->columns[i].existingRowsValue =
            value.isNull() ? std::nullopt : std::optional<std::string>(value.text);
    }
    plan->maskedSchema = std::move(masked);
    return plan;
}

void checkMasks(const TransformChain &chain, const TableSchema &table)
{
    chain.planFor(table);
    const auto unmasked = chain.unmaskedPii(table);
    if (unmasked.empty())
        return;
    std::string list;
    for (const auto &column : unmasked)
        list += (list.empty() ? "" : ", ") + column;
    throw PermanentError("tagged as personal data but masked by no transform: " + list +
                         ". Add a mask step for them (tagged: [pii:*] masks every tagged "
                         "column), or name them in allow_unmasked");
}

const TablePlan &ChunkMasker::planFor(const std::shared_ptr<const TableSchema> &table)
{
    auto &entry = m_plans[table.get()];
    if (!entry.second) {
        checkMasks(m_chain, *table); // a column tagged since, without a mask: stop
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
        // Held by nobody else (the source hands each chunk on and keeps none): masked in place,
        // which spares copying every row of a large transaction.
        if (!masked)
            masked = chunk.use_count() == 1 ? std::const_pointer_cast<TransactionChunk>(chunk)
                                            : std::make_shared<TransactionChunk>(*chunk);
        ChangeEvent &copy = masked->events[i];
        if (plan.maskedSchema)
            copy.table = plan.maskedSchema;
        if (copy.before)
            plan.apply(*copy.before);
        if (copy.after)
            plan.apply(*copy.after);
    }
    return masked ? masked : chunk;
}

} // namespace syncline::transform
