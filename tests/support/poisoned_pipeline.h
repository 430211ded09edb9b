#pragma once

#include "pipeline_fixture.h"

#include <QString>

#include <memory>

namespace syncline::test {

// A pipeline of one table, public.acct (id, balance), whose target refuses negative balances
// (CHECK constraint no_overdraft), which the source allows: a change the target keeps
// rejecting, for the dead-letter tests. Throws PgError when the databases cannot be made.
std::unique_ptr<PipelineFixture> poisonedPipeline(const QString &name, int maxRetries,
                                                  const QString &transport = {});

} // namespace syncline::test
