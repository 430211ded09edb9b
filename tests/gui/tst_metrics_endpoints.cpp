// The console's /metrics endpoints (MetricsEndpoints), scraped over a socket: pipelines naming
// the same address share its endpoint, which is given back when the last one goes; the endpoint
// for all serves the pipelines added before it too; a restart's metrics replace the last run's;
// an address that cannot be listened on is a problem for that pipeline only; two files naming
// the same pipeline are both served, told apart by a `file` label, never as one series twice.

#include "metrics/pipeline_metrics.h"
#include "metrics_endpoints.h"
#include "metrics_scrape.h"
#include "pg_process.h"
#include "pipeline/pipeline_status.h"

#include <QTest>

#include <QSet>

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

// The series (name and labels) exposed more than once at `port`: Prometheus rejects a scrape
// that has any.
QStringList duplicateSeries(int port)
{
    QSet<QString> seen;
    QStringList twice;
    for (const QString &line : httpGet(port, "/metrics").split(u'\n')) {
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const QString series = line.section(u' ', 0, 0);
        if (seen.contains(series))
            twice.append(series);
        seen.insert(series);
    }
    return twice;
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
        QVERIFY(!endpoints.add("/p/a.yaml", exposed("a", a), listen));
        QVERIFY(!endpoints.add("/p/b.yaml", exposed("b", b), listen));
        const int port = portOf(endpoints.urlOf(listen));
        QVERIFY(port > 0);
        QCOMPARE(readOn(port, "a"), 3.0);
        QCOMPARE(readOn(port, "b"), 5.0);

        endpoints.remove("/p/a.yaml");
        QVERIFY(std::isnan(readOn(port, "a")));
        QCOMPARE(readOn(port, "b"), 5.0);
        endpoints.remove("/p/b.yaml");
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
        QVERIFY(!endpoints.add("/p/a.yaml", exposed("a", a), {}));
        endpoints.serveAll("127.0.0.1:0");
        const int port = portOf(endpoints.allUrl());
        QCOMPARE(readOn(port, "a"), 7.0);
        QVERIFY(!endpoints.add("/p/b.yaml", exposed("b", b), {}));
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
        QVERIFY(!endpoints.add("/p/a.yaml", exposed("a", first), {}));
        QCOMPARE(readOn(port, "a"), 10.0);
        QVERIFY(!endpoints.add("/p/a.yaml", exposed("a", second), {}));
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
        const auto problem = endpoints.add("/p/a.yaml", exposed("a", a), taken);
        QVERIFY(problem);
        QVERIFY2(problem->find(taken) != std::string::npos, problem->c_str());
        QCOMPARE(readOn(portOf(endpoints.allUrl()), "a"), 0.0);
        QVERIFY(endpoints.urlOf(taken).empty());
    }

    void twoFilesOfOneNameAreToldApartByFile()
    {
        PipelineMetrics staging, production, restarted;
        staging.recordRead(3);
        production.recordRead(5);
        restarted.recordRead(1);
        for (PipelineMetrics *metrics : {&staging, &production, &restarted})
            metrics->sample(1000);
        MetricsEndpoints endpoints;
        endpoints.serveAll("127.0.0.1:0");
        const std::string listen = "127.0.0.1:" + std::to_string(detail::freePort());
        QVERIFY(!endpoints.add("/p/staging.yaml", exposed("shop", staging), listen));
        QVERIFY(!endpoints.add("/p/production.yaml", exposed("shop", production), listen));
        const QString plain = u"syncline_events_read_total{pipeline=\"shop\"}"_s;
        const QString second =
            u"syncline_events_read_total{pipeline=\"shop\",file=\"/p/production.yaml\"}"_s;
        for (const int port : {portOf(endpoints.allUrl()), portOf(endpoints.urlOf(listen))}) {
            const QString text = httpGet(port, "/metrics");
            QCOMPARE(sampleValue(text, plain), 3.0); // the first keeps the name alone
            QCOMPARE(sampleValue(text, second), 5.0);
            QVERIFY2(duplicateSeries(port).isEmpty(), qPrintable(duplicateSeries(port).join(u' ')));
        }
        QVERIFY(endpoints.fileLabelOf("/p/staging.yaml").empty());
        QVERIFY(endpoints.fileLabelOf("/p/production.yaml") == "/p/production.yaml");

        // Closing one leaves the other, and the address they share, alone.
        endpoints.remove("/p/staging.yaml");
        const int own = portOf(endpoints.urlOf(listen));
        QVERIFY(own > 0);
        QVERIFY(std::isnan(sampleValue(httpGet(own, "/metrics"), plain)));
        QCOMPARE(sampleValue(httpGet(own, "/metrics"), second), 5.0);

        // The first started again: its name alone is still free; the other keeps its label.
        QVERIFY(!endpoints.add("/p/staging.yaml", exposed("shop", restarted), listen));
        for (const int port : {portOf(endpoints.allUrl()), own}) {
            QCOMPARE(sampleValue(httpGet(port, "/metrics"), plain), 1.0);
            QCOMPARE(sampleValue(httpGet(port, "/metrics"), second), 5.0);
            QVERIFY(duplicateSeries(port).isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestMetricsEndpoints)
#include "tst_metrics_endpoints.moc"
