#pragma once

#include "connector/registry.h"
#include "connector/source_inspection.h"
#include "transform/chain_preview.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>

#include <string>
#include <utility>
#include <vector>

namespace syncline::ui {

// What the designer's table picker needs from a source: its server's requirements and tables.
struct SourceBrowseResult
{
    QString error; // empty when the server answered
    SourceInspection inspection;
};

// Live rows of a source table before and after the pipeline's transforms.
struct TransformPreviewResult
{
    QString error; // empty when the rows were read and went through the chain
    transform::ChainPreview preview;
};

// The designer's live helpers, on one worker thread (client libraries block): "Test
// connection" for a node's DSN and browsing a source's tables, for every source type the
// engine can inspect. ${ENV} and file: in the DSN are resolved as the loader does.
// Each request gets a new generation; a result whose generation is no longer the latest is
// dropped, so a slow server never overwrites a newer answer.
class SourceProbeJob : public QObject
{
    Q_OBJECT

public:
    explicit SourceProbeJob(QObject *parent = nullptr);
    ~SourceProbeJob() override; // waits for the request that runs (libpq's connect_timeout)

    // `baseDir` anchors a relative file: secret, as the pipeline file's folder does.
    // A source is inspected as capture needs it (settings and privileges: the answer is not ok
    // while one is missing); a sink is connected to.
    quint64 testConnection(ConnectorKind kind, const QString &type, const QString &dsn,
                           const QString &baseDir = {});
    quint64 browseSource(const QString &type, const QString &dsn, const QString &baseDir = {});
    // Asks the brokers for their topics (librdkafka properties such as security.protocol and
    // sasl.* apply); answered by brokersTested.
    quint64 testBrokers(const QString &bootstrap,
                        const std::vector<std::pair<std::string, std::string>> &properties,
                        const QString &baseDir = {});
    // An http sink's "Send test request": POSTs an empty batch to `url`, signed with `secret`
    // (when set) and with `headers` (values may be ${ENV} or file:), as syncline validate does
    // (core's probe); answered by connectionTested with what the receiver answered.
    quint64 sendTestRequest(const QString &url,
                            const std::vector<std::pair<std::string, std::string>> &headers,
                            const QString &secret, const QString &baseDir = {});
    // Reads up to `limit` rows of `table` ("schema.table") from the source of the pipeline file
    // `yaml` (as saved to `file`: it must validate, its keys resolve) and runs them through its
    // transforms; answered by transformsPreviewed.
    quint64 previewTransforms(const QString &yaml, const QString &file, const QString &table,
                              int limit);
    quint64 generation() const { return m_generation; }

signals:
    void connectionTested(quint64 generation, bool ok, const QString &message);
    void sourceBrowsed(quint64 generation, const syncline::ui::SourceBrowseResult &result);
    void brokersTested(quint64 generation, bool ok, const QString &message);
    void transformsPreviewed(quint64 generation,
                             const syncline::ui::TransformPreviewResult &result);

private:
    template <typename Work> void post(Work work);
    // Runs check() (returning ok and a message, or throwing) on the worker thread; answered by
    // connectionTested.
    template <typename Check> quint64 postConnectionCheck(Check check);

    QThread m_thread;
    QObject m_context; // lives in m_thread
    quint64 m_generation = 0;
};

} // namespace syncline::ui

Q_DECLARE_METATYPE(syncline::ui::SourceBrowseResult)
Q_DECLARE_METATYPE(syncline::ui::TransformPreviewResult)
