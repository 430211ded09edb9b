#include "source_probe_job.h"

#include "config/diagnostics.h"
#include "config/value_expander.h"
#include "pg/connection.h"

#include <QMetaObject>
#include <QPointer>

#include <optional>

namespace syncline::ui {

namespace {

// The DSN as the engine would use it, or the reason it cannot be resolved.
std::optional<std::string> resolveDsn(const QString &dsn, const QString &baseDir, QString *error)
{
    Diagnostics diagnostics("designer");
    auto expanded = expandEnvironment(dsn.toStdString(), "dsn", {}, diagnostics);
    if (expanded)
        expanded = resolveSecretFile(*expanded, "dsn", baseDir.toStdString(), {}, diagnostics);
    if (!expanded) {
        const auto errors = diagnostics.takeErrors();
        *error = errors.empty() ? QString() : QString::fromStdString(errors.front().message);
    }
    return expanded;
}

pg::Connection open(const std::string &dsn)
{
    return pg::Connection::open(dsn, pg::Connection::Mode::Normal, "syncline designer");
}

} // namespace

SourceProbeJob::SourceProbeJob(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<SourceBrowseResult>();
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

quint64 SourceProbeJob::testConnection(const QString &dsn, const QString &baseDir)
{
    const quint64 generation = ++m_generation;
    post([self = QPointer(this), dsn, baseDir, generation] {
        bool ok = false;
        QString message;
        try {
            if (const auto resolved = resolveDsn(dsn, baseDir, &message)) {
                auto conn = open(*resolved);
                message =
                    tr("Connected: PostgreSQL %1, database %2, user %3")
                        .arg(QString::fromStdString(conn.queryValue("SHOW server_version")),
                             QString::fromStdString(conn.queryValue("SELECT current_database()")),
                             QString::fromStdString(conn.queryValue("SELECT current_user")));
                ok = true;
            }
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

quint64 SourceProbeJob::browseSource(const QString &dsn, const QString &baseDir)
{
    const quint64 generation = ++m_generation;
    post([self = QPointer(this), dsn, baseDir, generation] {
        SourceBrowseResult result;
        try {
            if (const auto resolved = resolveDsn(dsn, baseDir, &result.error)) {
                auto conn = open(*resolved);
                const WalLevelCheck wal = checkWalLevel(conn);
                result.walLevel = QString::fromStdString(wal.walLevel);
                result.walFixSql = QString::fromStdString(wal.fixSql());
                result.tables = listSourceTables(conn);
            }
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

} // namespace syncline::ui
