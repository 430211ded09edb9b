#include "source_probe_job.h"

#include "config/config_loader.h"
#include "config/diagnostics.h"
#include "config/value_expander.h"
#include "pg/connection.h"
#include "pipeline/connector_factory.h"
#include "transform/transform_chain.h"
#include "transport/kafka/topic_browser.h"

#include <QMetaObject>
#include <QPointer>
#include <QStringList>

#include <chrono>
#include <optional>
#include <tuple>

namespace syncline::ui {

namespace {

// A secret value (a DSN, a librdkafka password) as the engine would use it: ${ENV} expanded,
// file: read; or the reason it cannot be resolved.
std::optional<std::string> resolveSecret(const std::string &value, const char *what,
                                         const QString &baseDir, QString *error)
{
    Diagnostics diagnostics("designer");
    auto expanded = expandEnvironment(value, what, {}, diagnostics);
    if (expanded)
        expanded = resolveSecretFile(*expanded, what, baseDir.toStdString(), {}, diagnostics);
    if (!expanded) {
        const auto errors = diagnostics.takeErrors();
        *error = errors.empty() ? QString() : QString::fromStdString(errors.front().message);
    }
    return expanded;
}

std::optional<std::string> resolveDsn(const QString &dsn, const QString &baseDir, QString *error)
{
    return resolveSecret(dsn.toStdString(), "dsn", baseDir, error);
}

// "Connected: 12 topics" from the brokers' metadata, or why not (within 10 s).
std::pair<bool, QString> describeBrokers(const kafka::BrowseConnection &connection)
{
    try {
        kafka::TopicBrowser browser(connection);
        const auto listing =
            browser.listTopics(kafka::BrowseClock::now() + std::chrono::seconds(10));
        switch (listing.outcome) {
        case kafka::BrowseOutcome::Done:
        case kafka::BrowseOutcome::EndOfData:
            return {true, SourceProbeJob::tr("Connected: %n topic(s)", nullptr,
                                             int(listing.topics.size()))};
        case kafka::BrowseOutcome::TimedOut:
            return {false, SourceProbeJob::tr("No answer from the brokers within 10 s: %1")
                               .arg(QString::fromStdString(listing.error))};
        default:
            return {false, QString::fromStdString(listing.error)};
        }
    } catch (const std::exception &error) {
        return {false, QString::fromStdString(error.what())};
    }
}

// "Connected: MariaDB 10.11.6, server_id 1, user …", and what capture still needs from it.
std::pair<bool, QString> describeSource(const std::string &type, const std::string &dsn)
{
    const SourceInspection inspection = inspectSource(type, dsn, false);
    QString message =
        SourceProbeJob::tr("Connected: %1").arg(QString::fromStdString(inspection.server));
    if (inspection.ready())
        return {true, message};
    QStringList problems;
    for (const auto &requirement : inspection.requirements)
        if (!requirement.met())
            problems += QString::fromStdString(requirement.problem);
    return {false, message + QLatin1Char('\n') +
                       SourceProbeJob::tr("Capture cannot start yet (Browse tables… lists the "
                                          "fixes):") +
                       QStringLiteral("\n• ") + problems.join(QStringLiteral("\n• "))};
}

std::pair<bool, QString> describeSink(const std::string &type, const std::string &dsn)
{
    if (type == "redis") {
        PostgresSinkConfig config;
        config.name = "designer";
        config.type = type;
        config.redis.url = dsn;
        checkSink(config); // throws what a session would meet: a refused password, no server
        return {true, SourceProbeJob::tr("Connected: Redis at %1 answered PING")
                          .arg(QString::fromStdString(sinkWhere(config)))};
    }
    if (type != "postgres")
        return {false, SourceProbeJob::tr("This build cannot test a %1 sink yet.")
                           .arg(QString::fromStdString(type))};
    auto conn = pg::Connection::open(dsn, pg::Connection::Mode::Normal, "syncline designer");
    return {true, SourceProbeJob::tr("Connected: PostgreSQL %1, database %2, user %3")
                      .arg(QString::fromStdString(conn.queryValue("SHOW server_version")),
                           QString::fromStdString(conn.queryValue("SELECT current_database()")),
                           QString::fromStdString(conn.queryValue("SELECT current_user")))};
}

// An http sink's test request (core's probe, as syncline validate sends it), with the url,
// secret and header values resolved as the loader resolves them.
std::pair<bool, QString>
sendHttpTestRequest(const QString &url,
                    const std::vector<std::pair<std::string, std::string>> &headers,
                    const QString &secret, const QString &baseDir)
{
    QString problem;
    PostgresSinkConfig config;
    config.name = "designer";
    config.type = "http";
    const auto resolvedUrl = resolveSecret(url.toStdString(), "url", baseDir, &problem);
    if (!resolvedUrl)
        return {false, problem};
    config.http.url = *resolvedUrl;
    if (!secret.isEmpty()) {
        const auto value = resolveSecret(secret.toStdString(), "secret", baseDir, &problem);
        if (!value)
            return {false, problem};
        config.http.secret = *value;
    }
    for (const auto &[name, value] : headers) {
        const auto header = resolveSecret(value, name.c_str(), baseDir, &problem);
        if (!header)
            return {false, problem};
        config.http.headers.emplace_back(name, *header);
    }
    const std::string answer = probeSink(config); // throws for anything but 2xx
    return {true,
            SourceProbeJob::tr("Sent: %1 (%2)")
                .arg(QString::fromStdString(answer), QString::fromStdString(sinkWhere(config)))};
}

// The sampled rows of `table` through the transforms of the pipeline file `yaml`.
TransformPreviewResult previewOf(const std::string &yaml, const std::string &file,
                                 const std::string &table, int limit)
{
    TransformPreviewResult result;
    auto parsed = parsePipelineConfig(yaml, file);
    if (const auto *errors = std::get_if<std::vector<ConfigError>>(&parsed)) {
        result.error = SourceProbeJob::tr("The pipeline does not validate yet: %1")
                           .arg(QString::fromStdString(errors->front().message));
        return result;
    }
    const auto &config = std::get<PipelineConfig>(parsed);
    const auto dot = table.find('.');
    const std::string schema = dot == std::string::npos ? "public" : table.substr(0, dot);
    const std::string name = dot == std::string::npos ? table : table.substr(dot + 1);
    SampledRows sample = sampleSourceRows(config.source, schema, name, limit);
    const transform::TransformChain chain(config.transforms, config.allowUnmasked);
    result.preview =
        transform::previewChain(chain, std::move(sample.table), std::move(sample.rows));
    return result;
}

} // namespace

SourceProbeJob::SourceProbeJob(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<SourceBrowseResult>();
    qRegisterMetaType<TransformPreviewResult>();
    m_thread.setObjectName(QStringLiteral("designer-probe"));
    m_context.moveToThread(&m_thread);
    m_thread.start();
}

SourceProbeJob::~SourceProbeJob()
{
    ++m_generation;
    m_thread.quit();
    m_thread.wait();
}

template <typename Work> void SourceProbeJob::post(Work work)
{
    QMetaObject::invokeMethod(&m_context, std::move(work), Qt::QueuedConnection);
}

template <typename Check> quint64 SourceProbeJob::postConnectionCheck(Check check)
{
    const quint64 generation = ++m_generation;
    post([self = QPointer(this), check = std::move(check), generation] {
        bool ok = false;
        QString message;
        try {
            std::tie(ok, message) = check();
        } catch (const std::exception &error) {
            message = QString::fromStdString(error.what());
        }
        QMetaObject::invokeMethod(self, [self, generation, ok, message] {
            if (self && generation == self->m_generation)
                emit self->connectionTested(generation, ok, message);
        });
    });
    return generation;
}

quint64 SourceProbeJob::testConnection(ConnectorKind kind, const QString &type, const QString &dsn,
                                       const QString &baseDir)
{
    return postConnectionCheck([kind, type, dsn, baseDir]() -> std::pair<bool, QString> {
        QString problem;
        const auto resolved = resolveDsn(dsn, baseDir, &problem);
        if (!resolved)
            return {false, problem};
        return kind == ConnectorKind::Source ? describeSource(type.toStdString(), *resolved)
                                             : describeSink(type.toStdString(), *resolved);
    });
}

quint64
SourceProbeJob::testBrokers(const QString &bootstrap,
                            const std::vector<std::pair<std::string, std::string>> &properties,
                            const QString &baseDir)
{
    const quint64 generation = ++m_generation;
    post([self = QPointer(this), bootstrap, properties, baseDir, generation] {
        bool ok = false;
        QString message;
        if (bootstrap.trimmed() == u"embedded") {
            message = tr("The embedded broker starts inside the pipeline when it runs; there is "
                         "nothing to connect to before that.");
            ok = true;
        } else {
            kafka::BrowseConnection connection{bootstrap.toStdString(), {}};
            bool resolved = true;
            for (const auto &[name, value] : properties) {
                const auto secret = resolveSecret(value, name.c_str(), baseDir, &message);
                if (!secret) {
                    resolved = false;
                    break;
                }
                connection.properties.emplace_back(name, *secret);
            }
            if (resolved)
                std::tie(ok, message) = describeBrokers(connection);
        }
        QMetaObject::invokeMethod(self, [self, generation, ok, message] {
            if (self && generation == self->m_generation)
                emit self->brokersTested(generation, ok, message);
        });
    });
    return generation;
}

quint64
SourceProbeJob::sendTestRequest(const QString &url,
                                const std::vector<std::pair<std::string, std::string>> &headers,
                                const QString &secret, const QString &baseDir)
{
    return postConnectionCheck([url, headers, secret, baseDir] {
        return sendHttpTestRequest(url, headers, secret, baseDir);
    });
}

quint64 SourceProbeJob::browseSource(const QString &type, const QString &dsn,
                                     const QString &baseDir)
{
    const quint64 generation = ++m_generation;
    post([self = QPointer(this), type, dsn, baseDir, generation] {
        SourceBrowseResult result;
        try {
            if (const auto resolved = resolveDsn(dsn, baseDir, &result.error))
                result.inspection = inspectSource(type.toStdString(), *resolved, true);
        } catch (const std::exception &error) {
            result.error = QString::fromStdString(error.what());
        }
        QMetaObject::invokeMethod(self, [self, generation, result] {
            if (self && generation == self->m_generation)
                emit self->sourceBrowsed(generation, result);
        });
    });
    return generation;
}

quint64 SourceProbeJob::previewTransforms(const QString &yaml, const QString &file,
                                          const QString &table, int limit)
{
    const quint64 generation = ++m_generation;
    post([self = QPointer(this), yaml = yaml.toStdString(), file = file.toStdString(),
          table = table.toStdString(), limit, generation] {
        TransformPreviewResult result;
        try {
            result = previewOf(yaml, file, table, limit);
        } catch (const std::exception &error) {
            result.error = QString::fromStdString(error.what());
        }
        QMetaObject::invokeMethod(self, [self, generation, result] {
            if (self && generation == self->m_generation)
                emit self->transformsPreviewed(generation, result);
        });
    });
    return generation;
}

} // namespace syncline::ui
