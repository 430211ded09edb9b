// The /metrics text of a PipelineMetrics snapshot: names, labels, units and values as the README
// documents them, one # TYPE per family whatever the number of pipelines, cumulative histogram
// buckets, the state as a labelled gauge; and listen addresses, good and bad.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "config/listen_address.h"
#include "metrics/pipeline_metrics.h"
#include "metrics/prometheus_exporter.h"
#include "util/time_text.h"

#include <yaml-cpp/yaml.h>
#endif

using namespace syncline;

namespace {

const std::vector<std::string> kStates = {"stopped", "starting", "streaming", "failed"};

// The sample lines of the exposition, "name{labels} value", without comments.
QStringList samples(const std::string &text)
{
    QStringList lines;
    for (const QString &line : QString::fromStdString(text).split(QLatin1Char('\n')))
        if (!line.isEmpty() && !line.startsWith(QLatin1Char('#')))
            lines << line;
    return lines;
}

// The value of the one sample that starts with `prefix` (name and labels); NaN when there is
// none, or more than one.
double valueOf(const std::string &text, const QString &prefix)
{
    double value = std::numeric_limits<double>::quiet_NaN();
    int found = 0;
    for (const QString &line : samples(text))
        if (line.startsWith(prefix + QLatin1Char(' '))) {
            value = line.mid(prefix.size() + 1).toDouble();
            ++found;
        }
    return found == 1 ? value : std::numeric_limits<double>::quiet_NaN();
}

} // namespace

class TestPrometheusExposition : public QObject
{
    Q_OBJECT

private slots:
    void snapshotIsExposedWithItsLabelsAndUnits()
    {
        PipelineMetrics metrics;
        metrics.declareSinks({"replica", "cache"});
        metrics.setState("streaming");
        metrics.recordRead(10);
        metrics.recordFiltered(3);
        const std::int64_t now = unixMicrosNow();
        // Latencies of about 20 ms, 200 ms and 2 s.
        metrics.recordApplied(7, {now - 20'000, now - 200'000, now - 2'000'000}, "replica");
        metrics.recordDeadLetters(2, "replica");
        metrics.recordRetry();
        metrics.recordSchemaChangeApplied("replica");
        metrics.setSlotLag(4096, 65536);
        metrics.setSlotWal("unreserved", 1024);
        metrics.recordSourceTime(now - 1'500'000);
        metrics.setConsumerLag("cache",
                               {{"shop.public.orders[0]", 5}, {"shop.public.orders[1]", 0}});
        metrics.setQuarantinedTables({{"replica", {"public.orders"}}, {"cache", {}}});
        metrics.setVerifyDifferences({{"replica public.orders", 4}, {"cache public.items", -1}});
        metrics.setAlerts({{"lag", {}}, {"slot_wal_status", "warning"}});
        metrics.sample(unixMillisNow());

        const std::string text = prometheusText({{{"shop", &metrics, kStates}, metrics.latest()}});
        const QString shop = QStringLiteral("{pipeline=\"shop\"");
        auto at = [&](const char *name, const char *labels = "") {
            return valueOf(text,
                           QLatin1String(name) + shop + QLatin1String(labels) + QLatin1Char('}'));
        };
        QCOMPARE(at("syncline_events_read_total"), 10.0);
        QCOMPARE(at("syncline_events_filtered_total"), 3.0);
        QCOMPARE(at("syncline_events_applied_total", ",sink=\"replica\""), 7.0);
        QCOMPARE(at("syncline_events_applied_total", ",sink=\"cache\""), 0.0); // declared: 0
        QCOMPARE(at("syncline_dead_letters_total", ",sink=\"replica\""), 2.0);
        QCOMPARE(at("syncline_retries_total"), 1.0);
        QCOMPARE(at("syncline_schema_changes_applied_total", ",sink=\"replica\""), 1.0);
        QCOMPARE(at("syncline_slot_lag_bytes"), 4096.0);
        QCOMPARE(at("syncline_wal_retained_bytes"), 65536.0);
        QCOMPARE(at("syncline_slot_safe_wal_size_bytes"), 1024.0);
        QCOMPARE(at("syncline_slot_wal_status", ",status=\"unreserved\""), 1.0);
        QCOMPARE(at("syncline_slot_wal_status", ",status=\"reserved\""), 0.0);
        const double behind = at("syncline_milliseconds_behind_source");
        QVERIFY2(behind >= 1500 && behind < 60'000, qPrintable(QString::number(behind)));
        QCOMPARE(at("syncline_kafka_consumer_lag",
                    ",sink=\"cache\",topic=\"shop.public.orders\",partition=\"0\""),
                 5.0);
        QCOMPARE(at("syncline_quarantined_tables", ",sink=\"replica\""), 1.0);
        QCOMPARE(at("syncline_quarantined_tables", ",sink=\"cache\""), 0.0);
        QCOMPARE(at("syncline_table_quarantined", ",sink=\"replica\",table=\"public.orders\""),
                 1.0);
        QCOMPARE(at("syncline_verify_differences", ",sink=\"replica\",table=\"public.orders\""),
                 4.0);
        QCOMPARE(at("syncline_verify_failed", ",sink=\"cache\",table=\"public.items\""), 1.0);
        QCOMPARE(at("syncline_alert_active", ",rule=\"slot_wal_status\",severity=\"warning\""),
                 1.0);
        QCOMPARE(at("syncline_alert_active", ",rule=\"slot_wal_status\",severity=\"critical\""),
                 0.0);
        QCOMPARE(at("syncline_alert_active", ",rule=\"lag\",severity=\"warning\""), 0.0);
        QVERIFY(std::isnan(
            at("syncline_verify_differences", ",sink=\"cache\",table=\"public.items\"")));
        // The state: one 1, every other state 0.
        QCOMPARE(at("syncline_pipeline_state", ",state=\"streaming\""), 1.0);
        QCOMPARE(at("syncline_pipeline_state", ",state=\"failed\""), 0.0);
        QCOMPARE(at("syncline_pipeline_state", ",state=\"stopped\""), 0.0);

        // The latency histogram, in seconds, cumulative: 20 ms ≤ 0.025, 200 ms ≤ 0.25, 2 s ≤ 2.5.
        auto bucket = [&](const char *le) {
            return at("syncline_apply_latency_seconds_bucket",
                      (",sink=\"replica\",le=\"" + std::string(le) + '"').c_str());
        };
        QCOMPARE(bucket("0.01"), 0.0);
        QCOMPARE(bucket("0.025"), 1.0);
        QCOMPARE(bucket("0.25"), 2.0);
        QCOMPARE(bucket("1"), 2.0);
        QCOMPARE(bucket("2.5"), 3.0);
        QCOMPARE(bucket("+Inf"), 3.0);
        QCOMPARE(at("syncline_apply_latency_seconds_count", ",sink=\"replica\""), 3.0);
        const double sum = at("syncline_apply_latency_seconds_sum", ",sink=\"replica\"");
        QVERIFY2(sum >= 2.22 && sum < 3, qPrintable(QString::number(sum)));
    }

    void everyLineIsWellFormedAndEachFamilyTypedOnce()
    {
        PipelineMetrics first;
        PipelineMetrics second;
        first.declareSinks({"replica"});
        second.declareSinks({"replica"});
        first.sample(unixMillisNow());
        second.sample(unixMillisNow());
        const std::string text = prometheusText(
            {{{"a", &first, kStates}, first.latest()}, {{"b", &second, kStates}, second.latest()}});
        const QRegularExpression sample(QStringLiteral(
            "^syncline_[a-z_]+(\\{([a-z_]+=\"[^\"]*\",?)+\\})? (-?[0-9.e+]+|\\+Inf|NaN)$"));
        QStringList types;
        for (const QString &line : QString::fromStdString(text).split(QLatin1Char('\n'))) {
            if (line.isEmpty() || line.startsWith(QLatin1String("# HELP ")))
                continue;
            if (line.startsWith(QLatin1String("# TYPE "))) {
                const QString name = line.section(QLatin1Char(' '), 2, 2);
                QVERIFY2(!types.contains(name), qPrintable(line));
                types << name;
                if (line.endsWith(QLatin1String(" counter")))
                    QVERIFY2(name.endsWith(QLatin1String("_total")), qPrintable(line));
                continue;
            }
            QVERIFY2(sample.match(line).hasMatch(), qPrintable(line));
        }
        QVERIFY(types.contains(QStringLiteral("syncline_events_read_total")));
        QCOMPARE(valueOf(text, QStringLiteral("syncline_events_read_total{pipeline=\"b\"}")), 0.0);
        // Nothing known yet: no slot gauges rather than zeros that look healthy.
        QVERIFY(text.find("syncline_slot_wal_status") == std::string::npos);
        QVERIFY(text.find("syncline_milliseconds_behind_source") == std::string::npos);
    }

    // The dashboard and the alert rules in packaging/ parse, and name only metrics that exist;
    // the README's table documents every one.
    void packagedDashboardAndAlertsNameRealMetrics()
    {
        PipelineMetrics metrics;
        metrics.declareSinks({"replica"});
        metrics.setSlotWal("reserved", 1024);
        metrics.recordSourceTime(unixMicrosNow());
        metrics.setConsumerLag("replica", {{"t[0]", 1}});
        metrics.setQuarantinedTables({{"replica", {"public.t"}}});
        metrics.setVerifyDifferences({{"replica public.t", 1}});
        metrics.sample(unixMillisNow());
        const std::string text = prometheusText({{{"p", &metrics, kStates}, metrics.latest()}});
        QSet<QString> exposed;
        const QRegularExpression typeLine(QStringLiteral("^# TYPE (\\S+) (\\S+)$"),
                                          QRegularExpression::MultilineOption);
        for (auto it = typeLine.globalMatch(QString::fromStdString(text)); it.hasNext();) {
            const auto match = it.next();
            exposed << match.captured(1);
            if (match.captured(2) == QLatin1String("histogram"))
                for (const char *suffix : {"_bucket", "_sum", "_count"})
                    exposed << match.captured(1) + QLatin1String(suffix);
        }
        QCOMPARE(exposed.size(), 20 + 3);

        auto read = [](const char *path) {
            QFile file(QStringLiteral(SYNCLINE_SOURCE_DIR "/") + QLatin1String(path));
            return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
        };
        const QRegularExpression name(QStringLiteral("syncline_[a-z_]+"));
        auto checkNames = [&](const QString &text, const char *what) {
            int found = 0;
            for (auto it = name.globalMatch(text); it.hasNext(); ++found) {
                const QString used = it.next().captured(0);
                QVERIFY2(exposed.contains(used), qPrintable(QLatin1String(what) + u' ' + used));
            }
            QVERIFY2(found > 10, what);
        };

        const QString dashboard = read("packaging/grafana/syncline-dashboard.json");
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(dashboard.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY(json.object().value(QLatin1String("panels")).toArray().size() >= 8);
        QString expressions;
        for (const auto panel : json.object().value(QLatin1String("panels")).toArray())
            for (const auto target : panel.toObject().value(QLatin1String("targets")).toArray())
                expressions += target.toObject().value(QLatin1String("expr")).toString() + u'\n';
        checkNames(expressions, "dashboard");

        const YAML::Node alerts =
            YAML::LoadFile(SYNCLINE_SOURCE_DIR "/packaging/prometheus/syncline-alerts.yml");
        QString rules;
        for (const auto &rule : alerts["groups"][0]["rules"]) {
            QVERIFY(rule["alert"].IsScalar());
            rules += QString::fromStdString(rule["expr"].as<std::string>()) + u'\n';
        }
        checkNames(rules, "alert rules");
        for (const char *alert :
             {"SynclineSlotWalUnreserved", "SynclineSlotWalLost", "SynclineDeadLetters",
              "SynclineTableQuarantined", "SynclinePipelineFailed", "SynclineLagHigh"})
            QVERIFY2(read("packaging/prometheus/syncline-alerts.yml")
                         .contains(QLatin1String("alert: ") + QLatin1String(alert)),
                     alert);

        const QString readme = read("README.md");
        for (const QString &metric : exposed)
            if (!metric.endsWith(QLatin1String("_bucket")) &&
                !metric.endsWith(QLatin1String("_sum")) &&
                !metric.endsWith(QLatin1String("_count")))
                QVERIFY2(readme.contains(QStringLiteral("| `") + metric + QStringLiteral("` |")),
                         qPrintable(metric));
    }

    void listenAddresses_data()
    {
        QTest::addColumn<QByteArray>("given");
        QTest::addColumn<QByteArray>("civetweb"); // empty: refused
        QTest::addRow("ipv4") << QByteArray("127.0.0.1:9187") << QByteArray("127.0.0.1:9187");
        QTest::addRow("localhost") << QByteArray("localhost:9187") << QByteArray("127.0.0.1:9187");
        QTest::addRow("every interface") << QByteArray(":9187") << QByteArray("9187");
        QTest::addRow("0.0.0.0") << QByteArray("0.0.0.0:9187") << QByteArray("9187");
        QTest::addRow("ipv6") << QByteArray("[::1]:9187") << QByteArray("[::1]:9187");
        QTest::addRow("free port") << QByteArray("127.0.0.1:0") << QByteArray("127.0.0.1:0");
        QTest::addRow("no port") << QByteArray("127.0.0.1") << QByteArray("");
        QTest::addRow("port too large") << QByteArray("127.0.0.1:65536") << QByteArray("");
        QTest::addRow("port not a number") << QByteArray("127.0.0.1:http") << QByteArray("");
        QTest::addRow("negative port") << QByteArray("127.0.0.1:-1") << QByteArray("");
        QTest::addRow("empty") << QByteArray("") << QByteArray("");
        QTest::addRow("hostname") << QByteArray("metrics.example.com:9187") << QByteArray("");
        QTest::addRow("ipv6 without brackets") << QByteArray("::1:9187") << QByteArray("");
        QTest::addRow("bad ipv6") << QByteArray("[::g]:9187") << QByteArray("");
        QTest::addRow("trailing junk") << QByteArray("127.0.0.1:9187x") << QByteArray("");
    }
    void listenAddresses()
    {
        QFETCH(QByteArray, given);
        QFETCH(QByteArray, civetweb);
        const auto parsed = parseListenAddress(given.toStdString());
        if (civetweb.isEmpty()) {
            QVERIFY(!parsed.address);
            QVERIFY2(parsed.problem.find("host:port") != std::string::npos, parsed.problem.c_str());
        } else {
            QVERIFY2(parsed.address, parsed.problem.c_str());
            QCOMPARE(QByteArray::fromStdString(parsed.address->civetweb()), civetweb);
        }
    }

    void endpointRefusesAPortInUse()
    {
        MetricsEndpoint first("127.0.0.1:0");
        QVERIFY(first.port() > 0);
        const std::string taken = "127.0.0.1:" + std::to_string(first.port());
        QVERIFY_THROWS_EXCEPTION(MetricsEndpointError, MetricsEndpoint second(taken));
    }
};

QTEST_GUILESS_MAIN(TestPrometheusExposition)
#include "tst_prometheus_exposition.moc"
