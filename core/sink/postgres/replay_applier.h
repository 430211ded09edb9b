#pragma once

#include "config/pipeline_config.h"
#include "connector/replay_target.h"
#include "pg/connection.h"

namespace syncline {

// ReplayTarget on a PostgreSQL target: each change in its own transaction with a row of
// syncline.replayed_dead_letters, whose key (pipeline, sink, event) makes a second replay a
// no-op.
class ReplayApplier : public ReplayTarget
{
public:
    explicit ReplayApplier(const PostgresSinkConfig &config); // connects; throws pg::Error

    std::shared_ptr<TableSchema> describeTable(const std::string &schema,
                                               const std::string &table) override;
    bool applyOnce(const ChangeEvent &event, const ReplayMark &mark) override;

private:
    pg::Connection m_conn;
};

} // namespace syncline
