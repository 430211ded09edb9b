#include "server_status_job.h"

#include "config/pipeline_config.h"
#include "pipeline/status_report.h"

#include <QMetaObject>

namespace syncline::ui {

ServerStatusJob::ServerStatusJob(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<StatusReportPtr>();
    m_thread.setObjectName(QStringLiteral("server-status"));
    m_context.moveToThread(&m_thread);
    m_thread.start();
}

ServerStatusJob::~ServerStatusJob()
{
    m_thread.quit();
    m_thread.wait();
}

bool ServerStatusJob::probe(const PipelineConfig &config)
{
    if (m_running)
        return false;
    m_running = true;
    const quint64 generation = ++m_generation;
    QMetaObject::invokeMethod(
        &m_context,
        [this, generation, config = std::make_shared<const PipelineConfig>(config)] {
            auto report = std::make_shared<const StatusReport>(collectStatus(*config));
            QMetaObject::invokeMethod(
                this,
                [this, generation, report] {
                    m_running = false;
                    if (generation == m_generation)
                        emit probed(report);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return true;
}

void ServerStatusJob::cancel()
{
    ++m_generation;
}

} // namespace syncline::ui
