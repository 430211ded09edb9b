#pragma once

#include "model/change_event.h"
#include "transform/transform_chain.h"

#include <cstdint>
#include <map>
#include <memory>
#include <utility>
#include <vector>

namespace syncline::transform {

// Transforms streamed transactions on one thread (the source's), keeping each table shape's
// plan. With a filter, an update whose new row no longer matches becomes a delete of its key,
// and one that carries its old key or row becomes a delete of it and an insert of the new row,
// so that a target never keeps a row that stopped matching nor misses one that started to.
class ChunkMasker
{
public:
    explicit ChunkMasker(const TransformChain &chain) : m_chain(chain), m_renumbers(chain.filters())
    {}

    // The chunk transformed: a copy when someone else holds the chunk too, else the chunk
    // itself; the same chunk when the chain changes nothing in it.
    std::shared_ptr<const TransactionChunk> apply(std::shared_ptr<const TransactionChunk> chunk);

private:
    std::shared_ptr<const TablePlan> planFor(const std::shared_ptr<const TableSchema> &table);
    // Appends what `event` becomes to `out` (with a filter: none, one, or a delete and an insert).
    void transform(ChangeEvent &&event, const TablePlan &plan, std::vector<ChangeEvent> &out);
    // What an event of a table without a filter becomes: itself, masked and reshaped.
    void reshape(ChangeEvent &event, const TablePlan &plan);

    const TransformChain &m_chain;
    const bool m_renumbers; // a filter may drop and add events
    // By table shape; a shape's schema is kept alive so that its address names it.
    std::map<const TableSchema *,
             std::pair<std::shared_ptr<const TableSchema>, std::shared_ptr<const TablePlan>>>
        m_plans;
    std::map<std::uint32_t, std::uint64_t> m_nextIndex; // by xid: the next event's number
};

} // namespace syncline::transform
