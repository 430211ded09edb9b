#pragma once

#include <QList>
#include <QString>

#include <utility>

namespace syncline::kafka {
struct BrowseConnection;
}

namespace syncline::ui {

// A Kafka cluster for the Topics page: a bootstrap list and librdkafka properties (auth). The
// property values may be secrets: describe() leaves them out and nothing here logs them.
struct TopicConnection
{
    QString label; // the pipeline it comes from, or empty for one the user entered
    QString bootstrap;
    QList<std::pair<QString, QString>> properties;

    bool isValid() const { return !bootstrap.trimmed().isEmpty(); }
    kafka::BrowseConnection toBrowse() const;
    QString describe() const; // "orders.yaml · broker1:9092 · SASL_SSL"
    bool operator==(const TopicConnection &other) const = default;
};

// librdkafka properties whose values are secrets: shown masked, never logged.
bool isSecretProperty(const QString &name);

// What a pipeline file says about its Kafka cluster.
struct PipelineCluster
{
    bool usesKafka = false;     // false also when the file does not load (problem says so)
    TopicConnection connection; // valid when it can be browsed from here
    QString problem;            // why not, translated

    // `embeddedBootstrap`: where the pipeline's embedded broker listens while it runs in this
    // process (PipelineController::embeddedKafkaBootstrap()); empty when it is not running.
    static PipelineCluster fromFile(const QString &file, const QString &label,
                                    const QString &embeddedBootstrap = {});
};

} // namespace syncline::ui
