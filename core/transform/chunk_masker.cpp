#include "transform/chunk_masker.h"

#include <algorithm>

namespace syncline::transform {

std::shared_ptr<const TablePlan>
ChunkMasker::planFor(const std::shared_ptr<const TableSchema> &table)
{
    auto &entry = m_plans[table.get()];
    if (!entry.second) {
        // A column tagged since, without a mask: stop.
        entry = {table, checkMasks(m_chain, *table)};
        // Shapes are few; drop those no event refers to any longer, now and then.
        if (m_plans.size() > 1024)
            std::erase_if(m_plans,
                          [](const auto &item) { return item.second.first.use_count() == 1; });
    }
    return m_plans[table.get()].second;
}

void ChunkMasker::reshape(ChangeEvent &event, const TablePlan &plan)
{
    event.table = plan.output;
    for (auto &truncated : event.truncatedTables)
        truncated = planFor(truncated)->output;
    if (event.before)
        plan.apply(*event.before, false);
    if (event.after)
        plan.apply(*event.after, false);
}

void ChunkMasker::transform(ChangeEvent &&event, const TablePlan &plan,
                            std::vector<ChangeEvent> &out)
{
    switch (event.op) {
    case Operation::Insert:
    case Operation::Read:
        event.table = plan.output;
        if (!event.after || plan.apply(*event.after))
            out.push_back(std::move(event));
        return;
    case Operation::Update:
        if (plan.filters)
            break;
        [[fallthrough]];
    case Operation::Delete:
    case Operation::Truncate:
        reshape(event, plan);
        out.push_back(std::move(event));
        return;
    }
    event.table = plan.output;
    Row &after = *event.after;
    const bool fullBefore = event.before && !event.beforeIsKeyOnly;
    if (fullBefore) // what an unchanged TOAST value was is in the old row
        for (std::size_t i = 0; i < after.size() && i < event.before->size(); ++i)
            if (after[i].isUnchangedToast())
                after[i] = (*event.before)[i];
    if (!plan.canFilter(after)) { // it cannot tell: passed as it came
        if (event.before)
            plan.apply(*event.before, false);
        plan.apply(after, false);
        out.push_back(std::move(event));
        return;
    }
    // Whether the target holds the row: known from a whole old row; else it may or may not.
    std::optional<bool> oldMatched;
    if (fullBefore) {
        Row old = *event.before;
        oldMatched = plan.apply(old);
    }
    ChangeEvent removal;
    removal.op = Operation::Delete;
    removal.table = plan.output;
    if (event.before) {
        removal.before = *event.before;
        removal.beforeIsKeyOnly = event.beforeIsKeyOnly;
    } else {
        removal.before = Row(after.size());
        for (std::size_t i : plan.keyColumns)
            if (i < after.size())
                (*removal.before)[i] = after[i];
        if (plan.keyColumns.empty())
            *removal.before = after, removal.beforeIsKeyOnly = false;
    }
    plan.apply(*removal.before, false);
    if (!plan.apply(after)) { // the new row does not match: the target must not hold it
        if (oldMatched.value_or(true))
            out.push_back(std::move(removal));
        return;
    }
    if (!event.before || oldMatched == true) { // the targets update (or upsert) it as it came
        if (event.before)
            plan.apply(*event.before, false);
        out.push_back(std::move(event));
        return;
    }
    // The new row matches, and the target does not hold the old one, or may not (a moved key):
    // the update could not find it, so the old key goes and the new row is inserted whole.
    if (!oldMatched.has_value())
        out.push_back(std::move(removal));
    event.op = Operation::Insert;
    event.before.reset();
    out.push_back(std::move(event));
}

std::shared_ptr<const TransactionChunk>
ChunkMasker::apply(std::shared_ptr<const TransactionChunk> chunk)
{
    std::shared_ptr<TransactionChunk> changed;
    // Held by nobody else (the source hands each chunk on and keeps none): changed in place,
    // which spares copying every row of a large transaction.
    auto own = [&] {
        if (!changed)
            changed = chunk.use_count() == 1 ? std::const_pointer_cast<TransactionChunk>(chunk)
                                             : std::make_shared<TransactionChunk>(*chunk);
    };
    if (!m_renumbers) {
        // Without a filter every event stays one event, changed where it is.
        for (std::size_t i = 0; i < chunk->events.size(); ++i) {
            const auto &table = chunk->events[i].table;
            if (!table)
                continue;
            const auto plan = planFor(table);
            if (!plan->touchesAny)
                continue;
            own();
            ChangeEvent &event = changed->events[i];
            changed->bytes -= std::min(changed->bytes, approximateBytes(event));
            reshape(event, *plan);
            changed->bytes += approximateBytes(event);
        }
        return changed ? changed : chunk;
    }
    if (chunk->events.empty()) {
        if (chunk->isLast)
            m_nextIndex.erase(chunk->xid);
        return chunk;
    }
    // Events are named (commitLsn, firstEventIndex + i): with filters dropping and adding
    // events, a transaction's events are numbered anew, the same way every time it is read.
    const bool startsTransaction = chunk->firstEventIndex == 0;
    own();
    std::vector<ChangeEvent> events;
    events.reserve(changed->events.size());
    for (ChangeEvent &event : changed->events) {
        const auto plan = event.table ? planFor(event.table) : nullptr;
        if (plan && plan->touchesAny)
            transform(std::move(event), *plan, events);
        else
            events.push_back(std::move(event));
    }
    changed->events = std::move(events);
    changed->bytes = 0;
    for (const ChangeEvent &event : changed->events)
        changed->bytes += approximateBytes(event);
    std::uint64_t &next = m_nextIndex[changed->xid];
    if (startsTransaction)
        next = 0;
    changed->firstEventIndex = next;
    next += changed->events.size();
    if (changed->isLast)
        m_nextIndex.erase(changed->xid);
    return changed;
}

} // namespace syncline::transform
