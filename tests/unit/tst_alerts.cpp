// Each alert rule fires when its condition has held long enough, clears when it no longer
// holds, and can be turned off.

#include "alerts/alert_evaluator.h"
#include "metrics/pipeline_metrics.h"
#include "pipeline/alert_monitor.h"
#include "pipeline/pipeline_status.h"

#include <QTest>

using namespace syncline;

namespace {

constexpr std::int64_t kSecond = 1000;

// Runs the evaluator once a second from `fromS` to `toS` (inclusive) with the same inputs;
// returns every transition, in order.
std::vector<AlertTransition> run(AlertEvaluator &evaluator, const AlertInputs &inputs, int fromS,
                                 int toS)
{
    std::vector<AlertTransition> all;
    for (int s = fromS; s <= toS; ++s)
        for (auto &transition : evaluator.evaluate(inputs, s * kSecond))
            all.push_back(std::move(transition));
    return all;
}

bool isActive(const AlertEvaluator &evaluator, const std::string &rule)
{
    for (const auto &alert : evaluator.active())
        if (alert.rule == rule)
            return true;
    return false;
}

AlertEvaluator lagAbove60For30()
{
    AlertsConfig config;
    config.lag.above = 60;
    config.lag.forSeconds = 30;
    return AlertEvaluator(config);
}

} // namespace

class AlertsTest : public QObject
{
    Q_OBJECT

private slots:
    void lagFiresOnlyAfterItsDurationAndClears()
    {
        AlertEvaluator evaluator = lagAbove60For30();
        AlertInputs behind;
        behind.secondsBehindSource = 90;
        QVERIFY(run(evaluator, behind, 0, 29).empty()); // not yet 30 s
        const auto fired = run(evaluator, behind, 30, 30);
        QCOMPARE(fired.size(), std::size_t(1));
        QVERIFY(fired[0].fired);
        QCOMPARE(fired[0].alert.rule, std::string("lag"));
        QVERIFY(fired[0].alert.message.find("90 s behind") != std::string::npos);
        QVERIFY(run(evaluator, behind, 31, 40).empty()); // fires once
        AlertInputs caughtUp;
        caughtUp.secondsBehindSource = 2;
        const auto cleared = run(evaluator, caughtUp, 41, 41);
        QCOMPARE(cleared.size(), std::size_t(1));
        QVERIFY(!cleared[0].fired);
        QVERIFY(evaluator.active().empty());
    }

    void aBlipShorterThanTheDurationNeverFires()
    {
        AlertEvaluator evaluator = lagAbove60For30();
        AlertInputs behind;
        behind.secondsBehindSource = 90;
        AlertInputs caughtUp;
        caughtUp.secondsBehindSource = 0;
        QVERIFY(run(evaluator, behind, 0, 20).empty());
        QVERIFY(run(evaluator, caughtUp, 21, 21).empty());
        QVERIFY(run(evaluator, behind, 22, 50).empty()); // the 30 s start again at 22
        QCOMPARE(run(evaluator, behind, 51, 52).size(), std::size_t(1));
    }

    void walStatusWarnsThenEscalatesWhenLost()
    {
        AlertEvaluator evaluator{AlertsConfig{}};
        AlertInputs inputs;
        inputs.walStatus = "reserved";
        QVERIFY(run(evaluator, inputs, 0, 5).empty());
        inputs.walStatus = "unreserved";
        auto transitions = run(evaluator, inputs, 6, 6);
        QCOMPARE(transitions.size(), std::size_t(1));
        QCOMPARE(transitions[0].alert.severity, AlertSeverity::Warning);
        inputs.walStatus = "lost";
        transitions = run(evaluator, inputs, 7, 7);
        QCOMPARE(transitions.size(), std::size_t(1));
        QCOMPARE(transitions[0].alert.severity, AlertSeverity::Critical);
        inputs.walStatus = "reserved";
        QCOMPARE(run(evaluator, inputs, 8, 8).size(), std::size_t(1));
        QVERIFY(evaluator.active().empty());
    }

    void retryingLongerThanItsDuration()
    {
        AlertsConfig config;
        config.retrying.forSeconds = 600;
        AlertEvaluator evaluator(config);
        AlertInputs inputs;
        inputs.retrying = true;
        inputs.detail = "sink replica: connection refused";
        QVERIFY(run(evaluator, inputs, 0, 599).empty());
        const auto fired = run(evaluator, inputs, 600, 600);
        QCOMPARE(fired.size(), std::size_t(1));
        QVERIFY(fired[0].alert.message.find("connection refused") != std::string::npos);
        inputs.retrying = false;
        QCOMPARE(run(evaluator, inputs, 601, 601).size(), std::size_t(1));
    }

    void newDeadLettersFireAndClearAfterQuietTime()
    {
        AlertsConfig config;
        config.deadLetters.clearAfter = 60;
        AlertEvaluator evaluator(config);
        AlertInputs inputs;
        inputs.deadLettersTotal = 4; // from before: not new
        QVERIFY(run(evaluator, inputs, 0, 10).empty());
        inputs.deadLettersTotal = 6;
        const auto fired = run(evaluator, inputs, 11, 11);
        QCOMPARE(fired.size(), std::size_t(1));
        QVERIFY(fired[0].alert.message.rfind("2 new dead letter", 0) == 0);
        inputs.deadLettersTotal = 7;
        QVERIFY(run(evaluator, inputs, 40, 40).empty());
        QVERIFY(evaluator.active()[0].message.rfind("3 new dead letter", 0) == 0);
        QVERIFY(run(evaluator, inputs, 41, 99).empty()); // 60 s after the last new one
        const auto cleared = run(evaluator, inputs, 100, 100);
        QCOMPARE(cleared.size(), std::size_t(1));
        QVERIFY(!cleared[0].fired);
    }

    void quarantineDifferencesAndFailure()
    {
        AlertEvaluator evaluator{AlertsConfig{}};
        AlertInputs inputs;
        inputs.quarantinedTables = {"public.orders"};
        inputs.differingTables = {"replica public.customers"};
        inputs.failed = true;
        inputs.detail = "sink replica: permission denied";
        const auto fired = run(evaluator, inputs, 0, 0);
        QCOMPARE(fired.size(), std::size_t(3));
        QVERIFY(isActive(evaluator, "quarantined"));
        QVERIFY(isActive(evaluator, "verify_differences"));
        QVERIFY(isActive(evaluator, "pipeline_failed"));
        for (const auto &alert : evaluator.active())
            QVERIFY(alert.rule == "verify_differences" ||
                    alert.severity == AlertSeverity::Critical);
        QCOMPARE(run(evaluator, AlertInputs{}, 1, 1).size(), std::size_t(3));
        QVERIFY(evaluator.active().empty());
    }

    // The pipeline's status and metrics reach the rules: the slot's wal_status, quarantined
    // tables, a failure, and the metrics' gauges of each rule.
    void theMonitorFeedsTheRulesFromStatusAndMetrics()
    {
        AlertMonitor monitor{AlertsConfig{}};
        PipelineStatus status;
        status.state = PipelineState::Streaming;
        MetricsSnapshot metrics;
        metrics.walStatus = "lost";
        metrics.quarantinedTables = {{"replica", {"public.orders"}}};
        monitor.evaluate(status, metrics, 1000);
        QCOMPARE(monitor.active().size(), std::size_t(2));
        bool walLost = false;
        for (const auto &gauge : monitor.gauges())
            walLost = walLost || (gauge.rule == "slot_wal_status" && gauge.severity == "critical");
        QVERIFY(walLost);
        QCOMPARE(monitor.gauges().size(), AlertEvaluator::ruleNames().size());
        QVERIFY(monitor.active()[1].message.find("replica public.orders") != std::string::npos);
        status.state = PipelineState::Failed;
        status.detail = "permission denied";
        monitor.evaluate(status, MetricsSnapshot{}, 2000);
        QCOMPARE(monitor.active().size(), std::size_t(1));
        QCOMPARE(monitor.active()[0].rule, std::string("pipeline_failed"));
        QCOMPARE(monitor.history().size(), std::size_t(5)); // 3 fired, 2 cleared
    }

    void aRuleTurnedOffNeverFires()
    {
        AlertsConfig config;
        config.pipelineFailed.enabled = false;
        AlertEvaluator evaluator(config);
        AlertInputs inputs;
        inputs.failed = true;
        QVERIFY(run(evaluator, inputs, 0, 5).empty());
    }
};

QTEST_GUILESS_MAIN(AlertsTest)
#include "tst_alerts.moc"
