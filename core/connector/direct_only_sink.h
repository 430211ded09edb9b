#pragma once

#include "connector/sink.h"
#include "util/errors.h"

#include <memory>
#include <string>

namespace syncline {

// A sink that works with the direct transport only so far (Redis, HTTP): the kafka transport's
// calls are refused, naming the sink, and it finds every row it is told to change.
class DirectOnlySink : public Sink
{
public:
    explicit DirectOnlySink(std::string type) : m_type(std::move(type)) {}

    void useExternalPositions() override { refuseKafka(); }
    void commitAt(Lsn) override { refuseKafka(); }
    std::unique_ptr<TransportOffsets> transportOffsets(const std::string &,
                                                       const std::string &) override
    {
        refuseKafka();
    }
    long long rowsNotFound() const override { return 0; }
    void setMetrics(PipelineMetrics *metrics) override { m_metrics = metrics; }
    PipelineMetrics *metrics() const override { return m_metrics; }

protected:
    PipelineMetrics *m_metrics = nullptr;

private:
    [[noreturn]] void refuseKafka() const
    {
        throw PermanentError("sink " + name() + ": the " + m_type +
                             " sink works with the direct transport only so far");
    }

    std::string m_type;
};

} // namespace syncline
