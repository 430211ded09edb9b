// The console's /metrics endpoints (MetricsEndpoints), scraped over a socket: pipelines naming
// the same address share its endpoint, which is given back when the last one goes; the endpoint
// for all serves the pipelines added before it too; a restart's metrics replace the last run's;
// an address that cannot be listened on is a problem for that pipeline only.

#include "metrics/pipeline_metrics.h"
#include "metrics_endpoints.h"
#include "metrics_scrape.h"
#include "pg_process.h"
#include "pipeline/pipeline_status.h"

#include <QTest>

#include <cmath>

using namespace syncline;
using namespace syncline::ui;
using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

int portOf(const std::string &url)
{
    const QString text = QString::fromStdString(url);
    return text.section(u':', 2).section(u'/', 0, 0).toInt();
}

// syncline_events_read_total of `pipeline` on the endpoint at `port`; NaN when not there.
double readOn(int port, const char *pipeline)
{
    return sampleValue(
        httpGet(port, "/metrics"),
        u"syncline_events_read_total{pipeline=\"%1\"}"_s.arg(QLatin1StringView(pipeline)));
}

ExposedPipeline exposed(const char *name, const PipelineMetrics &metrics)
{
    return {name, &metrics, pipelineStateNames()};
}

} // namespace

class TestMetricsEndpoints : public QObject
{
    Q_OBJECT

private slots:
    void anAddressIsSharedAndGivenBack()
    {
        PipelineMetrics a, b;
        a.recordRead(3);
        b.recordRead(5);
        a.sample(1000);
        b.sample(1000);
        MetricsEndpoints endpoints;
        const std::string listen = "127.0.0.1:" + std::to_string(detail::freePort());
        QVERIFY(!endpoints.add(exposed("a", a), listen));
        QVERIFY(!endpoints.add(exposed("b", b), listen));
        const int port = portOf(endpoints.urlOf(listen));
        QVERIFY(port > 0);
        QCOMPARE(readOn(port, "a"), 3.0);
        QCOMPARE(readOn(port, "b"), 5.0);

        endpoints.remove("a");
        QVERIFY(std::isnan(readOn(port, "a")));
        QCOMPARE(readOn(port, "b"), 5.0);
        endpoints.remove("b");
        QVERIFY(endpoints.urlOf(listen).empty());
        QVERIFY2(httpGet(port, "/metrics").isEmpty(), "the port is still served");
    }

    void theEndpointForAllServesThoseAddedBefore()
    {
        PipelineMetrics a, b;
        a.recordRead(7);
        a.sample(1000);
        b.sample(1000);
        MetricsEndpoints endpoints;
        QVERIFY(endpoints.allUrl().empty());
        QVERIFY(!endpoints.add(exposed("a", a), {}));
        endpoints.serveAll("127.0.0.1:0");
        const int port = portOf(endpoints.allUrl());
        QCOMPARE(readOn(port, "a"), 7.0);
        QVERIFY(!endpoints.add(exposed("b", b), {}));
        QCOMPARE(readOn(port, "b"), 0.0);
    }

    void aRestartReplacesTheLastRun()
    {
        PipelineMetrics first, second;
        first.recordRead(10);
        first.sample(1000);
        second.recordRead(1);
        second.sample(2000);
        MetricsEndpoints endpoints;
        endpoints.serveAll("127.0.0.1:0");
        const int port = portOf(endpoints.allUrl());
        QVERIFY(!endpoints.add(exposed("a", first), {}));
        QCOMPARE(readOn(port, "a"), 10.0);
        QVERIFY(!endpoints.add(exposed("a", second), {}));
        QCOMPARE(readOn(port, "a"), 1.0);
    }

    void anAddressInUseIsThatPipelinesProblem()
    {
        PipelineMetrics a;
        a.sample(1000);
        MetricsEndpoint other("127.0.0.1:0");
        const std::string taken = "127.0.0.1:" + std::to_string(other.port());
        MetricsEndpoints endpoints;
        endpoints.serveAll("127.0.0.1:0");
        const auto problem = endpoints.add(exposed("a", a), taken);
        QVERIFY(problem);
        QVERIFY2(problem->find(taken) != std::string::npos, problem->c_str());
        QCOMPARE(readOn(portOf(endpoints.allUrl()), "a"), 0.0);
        QVERIFY(endpoints.urlOf(taken).empty());
    }
};

QTEST_GUILESS_MAIN(TestMetricsEndpoints)
#include "tst_metrics_endpoints.moc"
