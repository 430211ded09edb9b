#include "pipeline_workspace.h"

#include "metatypes.h"
#include "metrics_endpoints.h"
#include "pipeline_controller.h"

#include <QFileInfo>

#include <algorithm>

namespace syncline::ui {
namespace {

QString canonical(const QString &file)
{
    const QFileInfo info(file);
    const QString path = info.canonicalFilePath();
    return path.isEmpty() ? info.absoluteFilePath() : path;
}

} // namespace

PipelineWorkspace::PipelineWorkspace(QObject *parent)
    : QObject(parent), m_metricsEndpoints(std::make_unique<MetricsEndpoints>())
{
    registerMetaTypes();
    // Twice a second: a new engine sample shows within half a second of being taken.
    m_metricsTimer.setInterval(500);
    connect(&m_metricsTimer, &QTimer::timeout, this, [this] {
        for (PipelineController *controller : std::as_const(m_pipelines))
            controller->refreshMetrics();
    });
    m_metricsTimer.start();
}

PipelineWorkspace::~PipelineWorkspace()
{
    qDeleteAll(m_pipelines); // each stops and waits for its pipeline
}

PipelineController *PipelineWorkspace::open(const QString &file)
{
    const QString path = canonical(file);
    for (PipelineController *controller : std::as_const(m_pipelines)) {
        if (controller->file() == path)
            return controller;
    }
    auto *controller = new PipelineController(path, this);
    controller->setMetricsEndpoints(m_metricsEndpoints.get());
    connect(controller, &PipelineController::runningChanged, this,
            [this] { emit runningCountChanged(runningCount()); });
    emit pipelineAboutToBeAdded(int(m_pipelines.size()));
    m_pipelines.append(controller);
    emit pipelineAdded(int(m_pipelines.size() - 1));
    return controller;
}

bool PipelineWorkspace::close(PipelineController *controller)
{
    const qsizetype index = indexOf(controller);
    if (index < 0 || controller->isRunning())
        return false;
    emit pipelineAboutToBeRemoved(int(index));
    m_pipelines.removeAt(index);
    delete controller;
    emit pipelineRemoved(int(index));
    return true;
}

qsizetype PipelineWorkspace::indexOf(PipelineController *controller) const
{
    return m_pipelines.indexOf(controller);
}

int PipelineWorkspace::runningCount() const
{
    return int(std::count_if(m_pipelines.begin(), m_pipelines.end(),
                             [](const PipelineController *c) { return c->isRunning(); }));
}

void PipelineWorkspace::stopAll()
{
    for (PipelineController *controller : std::as_const(m_pipelines))
        controller->stop();
}

} // namespace syncline::ui
