#pragma once

#include "verify/table_verifier.h"
#include "verify/verify_result.h"

#include <map>
#include <string>

namespace syncline::transform {
class TransformChain;
}

namespace syncline::verify {

class SinkCatchUp;

// Compares a table the pipeline's transforms change (masks, filters, selected or renamed
// columns, a new name) masked to masked: the source's rows are read in one snapshot with a mark
// and run through the chain as the stream does; once the sink has passed the mark, the target's
// table (under its routed name) is read, and rows are matched by their key as it leaves the
// chain. A row that differs is compared again in later rounds and reported only when two rounds
// in a row find it different while the source's row stayed the same (three for a row only the
// target has), else as unsettled. Nothing raw leaves it: differences carry the rows as the
// chain writes them. It reads whole tables and holds them in memory, so it suits the tables
// that need it, not the largest.
class TransformedTableVerifier
{
public:
    TransformedTableVerifier(pg::Connection &source, pg::Connection &target, SinkCatchUp &catchUp,
                             const transform::TransformChain &chain, VerifyOptions options)
        : m_source(source), m_target(target), m_catchUp(catchUp), m_chain(chain), m_options(options)
    {}

    TableResult verify(const std::string &sink, const std::string &table);

private:
    pg::Connection &m_source;
    pg::Connection &m_target;
    SinkCatchUp &m_catchUp;
    const transform::TransformChain &m_chain;
    VerifyOptions m_options;
};

} // namespace syncline::verify
