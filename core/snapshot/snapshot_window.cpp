#include "snapshot/snapshot_window.h"

#include <algorithm>

namespace syncline {

SnapshotWindow::SnapshotWindow(std::shared_ptr<const TableSchema> table, std::vector<Row> rows,
                               std::vector<Row> absent)
    : m_table(std::move(table)), m_key(m_table->keyColumnIndexes())
{
    for (auto &row : absent) {
        std::string key = keyOf(row);
        m_absent.emplace(std::move(key), std::move(row));
    }
    if (!rows.empty())
        for (int index : m_key)
            m_lastKey.push_back(rows.back()[std::size_t(index)]);
    m_order.reserve(rows.size());
    for (auto &row : rows) {
        std::string key = keyOf(row);
        m_order.push_back(key);
        m_rows.emplace(std::move(key), std::move(row));
    }
}

std::string SnapshotWindow::keyOf(const Row &row) const
{
    std::string text;
    for (int index : m_key) {
        const Value &value = row[std::size_t(index)];
        text += value.isNull() ? std::string("\x1e") : value.text;
        text += '\x1f';
    }
    return text;
}

bool SnapshotWindow::concerns(const ChangeEvent &event) const
{
    if (event.op == Operation::Truncate)
        return std::any_of(
            event.truncatedTables.begin(), event.truncatedTables.end(),
            [&](const auto &t) { return t->qualifiedName() == m_table->qualifiedName(); });
    return event.table && event.table->qualifiedName() == m_table->qualifiedName();
}

Row SnapshotWindow::inChunkColumns(const ChangeEvent &event, const Row &row) const
{
    Row ordered(m_table->columns.size(), Value::unchangedToast());
    for (std::size_t column = 0; column < m_table->columns.size(); ++column) {
        const std::string &name = m_table->columns[column].name;
        for (std::size_t i = 0; i < event.table->columns.size() && i < row.size(); ++i)
            if (event.table->columns[i].name == name)
                ordered[column] = row[i];
    }
    return ordered;
}

bool SnapshotWindow::mergePartialUpdate(const ChangeEvent &event)
{
    const Row after = inChunkColumns(event, *event.after);
    const std::string newKey = keyOf(after);
    const std::string oldKey = event.before ? keyOf(inChunkColumns(event, *event.before)) : newKey;
    const auto found = m_rows.find(oldKey);
    if (found == m_rows.end())
        return false;
    Row merged = std::move(found->second);
    m_rows.erase(found);
    for (std::size_t column = 0; column < merged.size(); ++column)
        if (!after[column].isUnchangedToast())
            merged[column] = after[column];
    m_absent.erase(newKey);
    if (!m_rows.count(newKey) && std::find(m_order.begin(), m_order.end(), newKey) == m_order.end())
        m_order.push_back(newKey); // a key move: the row lives on under its new key
    m_rows[newKey] = std::move(merged);
    return true;
}

void SnapshotWindow::observe(const ChangeEvent &event)
{
    if (event.op == Operation::Truncate) {
        for (const auto &truncated : event.truncatedTables)
            if (truncated->qualifiedName() == m_table->qualifiedName()) {
                m_rows.clear();
                m_absent.clear();
            }
        return;
    }
    if (!event.table || event.table->qualifiedName() != m_table->qualifiedName())
        return;
    if (event.op == Operation::Update && event.after &&
        std::any_of(event.after->begin(), event.after->end(),
                    [](const Value &value) { return value.isUnchangedToast(); }) &&
        mergePartialUpdate(event))
        return;
    // The stream's relation may order columns differently from the chunk's: match by name.
    auto erase = [&](const Row &row) {
        Row key(m_table->columns.size());
        for (int index : m_key) {
            const std::string &name = m_table->columns[std::size_t(index)].name;
            for (std::size_t i = 0; i < event.table->columns.size(); ++i)
                if (event.table->columns[i].name == name && i < row.size())
                    key[std::size_t(index)] = row[i];
        }
        m_rows.erase(keyOf(key));
        m_absent.erase(keyOf(key));
    };
    if (event.after)
        erase(*event.after);
    if (event.before)
        erase(*event.before);
}

std::vector<ChangeEvent> SnapshotWindow::close()
{
    std::vector<ChangeEvent> events;
    events.reserve(m_rows.size());
    for (const auto &key : m_order) {
        const auto row = m_rows.find(key);
        if (row == m_rows.end())
            continue;
        ChangeEvent event;
        event.op = Operation::Read;
        event.table = m_table;
        event.after = std::move(row->second);
        events.push_back(std::move(event));
    }
    m_rows.clear();
    for (auto &[key, row] : m_absent) {
        ChangeEvent event;
        event.op = Operation::Delete;
        event.table = m_table;
        event.before = std::move(row);
        event.beforeIsKeyOnly = true;
        events.push_back(std::move(event));
    }
    m_absent.clear();
    return events;
}

} // namespace syncline
