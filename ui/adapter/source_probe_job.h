#pragma once

#include "source/postgres/source_tables.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>

#include <string>
#include <utility>
#include <vector>

namespace syncline::ui {

// What the designer's table picker needs from a PostgreSQL source.
struct SourceBrowseResult
{
    QString error; // empty when the server answered
    QString walLevel;
    QString walFixSql; // empty when wal_level is logical
    std::vector<SourceTable> tables;
};

// The designer's live helpers, on one worker thread (libpq blocks): "Test connection" for a DSN
// and browsing a source's tables. ${ENV} and file: in the DSN are resolved as the loader does.
// Each request gets a new generation; a result whose generation is no longer the latest is
// dropped, so a slow server never overwrites a newer answer.
class SourceProbeJob : public QObject
{
    Q_OBJECT

public:
    explicit SourceProbeJob(QObject *parent = nullptr);
    ~SourceProbeJob() override; // waits for the request that runs (libpq's connect_timeout)

    // `baseDir` anchors a relative file: secret, as the pipeline file's folder does.
    quint64 testConnection(const QString &dsn, const QString &baseDir = {});
    quint64 browseSource(const QString &dsn, const QString &baseDir = {});
    // Asks the brokers for their topics (librdkafka properties such as security.protocol and
    // sasl.* apply); answered by brokersTested.
    quint64 testBrokers(const QString &bootstrap,
                        const std::vector<std::pair<std::string, std::string>> &properties,
                        const QString &baseDir = {});
    quint64 generation() const { return m_generation; }

signals:
    void connectionTested(quint64 generation, bool ok, const QString &message);
    void sourceBrowsed(quint64 generation, const syncline::ui::SourceBrowseResult &result);
    void brokersTested(quint64 generation, bool ok, const QString &message);

private:
    template <typename Work> void post(Work work);

    QThread m_thread;
    QObject m_context; // lives in m_thread
    quint64 m_generation = 0;
};

} // namespace syncline::ui

Q_DECLARE_METATYPE(syncline::ui::SourceBrowseResult)
