#pragma once

#include "verify/verify_result.h"
// after a header that includes <string>: moc cannot read <compare> (model/lsn.h) first
#include "pipeline/pipeline_status.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <vector>

namespace syncline::ui {

// What VerifyJob delivers. Errors are values (translated or the engine's own words), never
// exceptions.

using TableResultPtr = std::shared_ptr<const verify::TableResult>;
// The last recorded result of each sink's table (scheduled runs, syncline verify, the console).
using RecordedVerifications = std::vector<TableVerification>;

// Where a pipeline running in this console has its embedded Kafka cluster (brokers: embedded),
// which only this process can reach (PipelineController::embeddedKafka*()); empty otherwise.
struct EmbeddedBroker
{
    QString bootstrap;
    QString identity;
};

// How far the comparison that runs has got; one signal per event-loop pass at most.
struct VerifyProgress
{
    long long rowsCompared = 0;  // of the tables done, plus the rows read of the current one
    long long rowsEstimated = 0; // the previous run's rows, else the planner's (pg_class); 0: none
    double seconds = 0;          // since the comparison started
    QString sink;                // the table being compared
    QString table;
};

// How a verify, or a repair (request, wait until sent, verify again), ended.
struct VerifyOutcome
{
    enum class Kind
    {
        Verify,
        Repair
    };
    Kind kind = Kind::Verify;
    std::vector<TableResultPtr> results; // verify: its results; repair: the verify after it
    long long repairedRows = 0;          // repair: the rows requested
    double seconds = 0;
    bool cancelled = false;
    QString error; // the run failed: what to do (its results may be partial)
};

} // namespace syncline::ui

Q_DECLARE_METATYPE(syncline::ui::TableResultPtr)
Q_DECLARE_METATYPE(syncline::ui::VerifyProgress)
Q_DECLARE_METATYPE(syncline::ui::VerifyOutcome)
Q_DECLARE_METATYPE(syncline::ui::RecordedVerifications)
