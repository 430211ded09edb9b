#include "sink/postgres/net_changes.h"

#include "sink/postgres/statement_builder.h"

#include <algorithm>

namespace syncline {
namespace {

bool leavesColumnsOut(const ChangeEvent &event)
{
    return event.after && std::any_of(event.after->begin(), event.after->end(),
                                      [](const Value &value) { return value.isUnchangedToast(); });
}

} // namespace

std::string NetChanges::keyText(const ChangeEvent &event, const std::vector<int> &key, bool old)
{
    std::string text;
    for (int index : key) {
        const std::string *value = StatementBuilder::parameterText(event, {old, index, old});
        if (value)
            text += *value;
        else
            text += '\x1e';
        text += '\x1f';
    }
    return text;
}

bool NetChanges::take(const std::shared_ptr<const TransactionChunk> &chunk, int index,
                      const std::vector<int> &key)
{
    const ChangeEvent &event = chunk->events[std::size_t(index)];
    if (event.op == Operation::Truncate || key.empty())
        return false;
    Table *known = knownTable(*event.table);
    if (known && known->schema != event.table)
        return false;
    const std::string oldKey = keyText(event, key, true);
    const std::string newKey = keyText(event, key, false);
    const bool partial = leavesColumnsOut(event);
    const bool keyMoves = event.op == Operation::Update && oldKey != newKey;
    if (keyMoves && partial) {
        // The moved row's other values are on the target, unless the batch has the whole row.
        const Row *base = known ? find(*known, oldKey) : nullptr;
        if (!base || base->kind != Row::Kind::Upsert)
            return false;
    }

    Table &table = tableFor(event.table, key);
    auto upsert = [&](const std::string &rowKey, const ChangeEvent *values, bool existedBefore) {
        if (Row *row = find(table, rowKey)) {
            row->kind = Row::Kind::Upsert;
            row->event = values;
        } else {
            set(table, rowKey,
                {Row::Kind::Upsert, values, existedBefore, values->op == Operation::Insert});
        }
    };
    switch (event.op) {
    case Operation::Insert:
    case Operation::Read:
        upsert(newKey, &event, false);
        break;
    case Operation::Delete:
        if (Row *row = find(table, oldKey)) {
            row->kind = Row::Kind::Delete;
            row->event = &event;
        } else {
            set(table, oldKey, {Row::Kind::Delete, &event, true});
        }
        break;
    case Operation::Update:
        if (keyMoves) {
            Row *old = find(table, oldKey);
            const ChangeEvent *values = partial ? merged(*old->event, event) : &event;
            const bool existed = old ? old->existedBefore : true;
            if (old)
                *old = {Row::Kind::Delete, &event, existed};
            else
                set(table, oldKey, {Row::Kind::Delete, &event, existed});
            upsert(newKey, values, false);
        } else if (!partial) {
            upsert(newKey, &event, true);
        } else if (Row *row = find(table, newKey)) {
            // An update of a row the batch deleted finds nothing, as it would in order.
            if (row->kind != Row::Kind::Delete)
                row->event = merged(*row->event, event);
        } else {
            set(table, newKey, {Row::Kind::Update, &event, true});
        }
        break;
    case Operation::Truncate:
        break;
    }
    table.latestChunk = chunk;
    table.latestIndex = index;
    if (m_chunks.empty() || m_chunks.back() != chunk) {
        m_chunks.push_back(chunk);
        m_bytes += chunk->bytes;
    }
    return true;
}

void NetChanges::clear()
{
    m_tables.clear();
    m_chunks.clear();
    m_mergedEvents.clear();
    m_rowCount = 0;
    m_bytes = 0;
}

// A batch changes few tables, and mostly through the schema it started with: comparing schema
// pointers first spares building and hashing a name per change.
NetChanges::Table *NetChanges::knownTable(const TableSchema &schema)
{
    for (auto &table : m_tables)
        if (table.schema.get() == &schema)
            return &table;
    for (auto &table : m_tables)
        if (table.schema->schema == schema.schema && table.schema->name == schema.name)
            return &table;
    return nullptr;
}

NetChanges::Table &NetChanges::tableFor(const std::shared_ptr<const TableSchema> &schema,
                                        const std::vector<int> &key)
{
    if (Table *known = knownTable(*schema))
        return *known;
    m_tables.push_back({schema, key, {}, {}, nullptr, -1});
    return m_tables.back();
}

NetChanges::Row *NetChanges::find(Table &table, const std::string &key)
{
    const auto it = table.rowByKey.find(key);
    return it == table.rowByKey.end() ? nullptr : &table.rows[it->second];
}

void NetChanges::set(Table &table, const std::string &key, Row row)
{
    table.rowByKey.emplace(key, table.rows.size());
    table.rows.push_back(row);
    ++m_rowCount;
}

const ChangeEvent *NetChanges::merged(const ChangeEvent &base, const ChangeEvent &event)
{
    ChangeEvent &result = m_mergedEvents.emplace_back();
    result.op = Operation::Update;
    result.table = event.table;
    result.after = base.after;
    for (std::size_t i = 0; i < result.after->size(); ++i)
        if (!(*event.after)[i].isUnchangedToast())
            (*result.after)[i] = (*event.after)[i];
    return &result;
}

} // namespace syncline
