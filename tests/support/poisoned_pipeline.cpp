#include "poisoned_pipeline.h"

namespace syncline::test {

using namespace Qt::StringLiterals;

std::unique_ptr<PipelineFixture> poisonedPipeline(const QString &name, int maxRetries,
                                                  const QString &transport)
{
    auto f = PipelineFixture::create(
        name, u"CREATE TABLE acct (id int PRIMARY KEY, balance int);"_s, {u"public.acct"_s});
    f->target().exec(f->db, u"CREATE TABLE acct (id int PRIMARY KEY, balance int "
                            "CONSTRAINT no_overdraft CHECK (balance >= 0));"_s);
    f->setSinkOptions(u"    max_retries: %1\n"_s.arg(maxRetries));
    if (!transport.isEmpty())
        f->setTransport(transport);
    return f;
}

} // namespace syncline::test
