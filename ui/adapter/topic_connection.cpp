#include "topic_connection.h"

#include <QCoreApplication>

#include "config/config_loader.h"
#include "transport/kafka/browse_types.h"

namespace syncline::ui {

kafka::BrowseConnection TopicConnection::toBrowse() const
{
    kafka::BrowseConnection connection;
    connection.bootstrap = bootstrap.trimmed().toStdString();
    for (const auto &[name, value] : properties)
        connection.properties.emplace_back(name.trimmed().toStdString(), value.toStdString());
    return connection;
}

QString TopicConnection::describe() const
{
    QStringList parts;
    if (!label.isEmpty())
        parts << label;
    parts << bootstrap.trimmed();
    for (const auto &[name, value] : properties)
        if (name == u"security.protocol")
            parts << value;
    return parts.join(u" · ");
}

bool isSecretProperty(const QString &name)
{
    return name.contains(u"password", Qt::CaseInsensitive) ||
           name.contains(u"secret", Qt::CaseInsensitive) ||
           name.endsWith(u".key.pem", Qt::CaseInsensitive) ||
           name.contains(u"oauthbearer.config", Qt::CaseInsensitive);
}

PipelineCluster PipelineCluster::fromFile(const QString &file, const QString &label,
                                          const QString &embeddedBootstrap)
{
    PipelineCluster cluster;
    auto result = loadPipelineConfig(file.toStdString());
    if (std::holds_alternative<std::vector<ConfigError>>(result)) {
        cluster.problem = QCoreApplication::translate(
            "PipelineCluster", "The pipeline file has problems; see the Pipelines page.");
        return cluster;
    }
    const TransportConfig &transport = std::get<PipelineConfig>(result).transport;
    cluster.usesKafka = transport.isKafka();
    cluster.connection.label = label;
    if (transport.isEmbeddedKafka()) { // in memory, no authentication
        cluster.connection.bootstrap = embeddedBootstrap;
        if (embeddedBootstrap.isEmpty())
            cluster.problem = QCoreApplication::translate(
                "PipelineCluster", "This pipeline runs its own embedded broker, which exists "
                                   "only while it runs. Start the pipeline to browse its "
                                   "embedded broker.");
        return cluster;
    }
    cluster.connection.bootstrap = QString::fromStdString(transport.brokers);
    for (const auto &[name, value] : transport.properties)
        cluster.connection.properties.append(
            {QString::fromStdString(name), QString::fromStdString(value)});
    return cluster;
}

} // namespace syncline::ui
