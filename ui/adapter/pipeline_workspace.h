#pragma once

#include <QList>
#include <QObject>
#include <QTimer>

#include <memory>

namespace syncline::ui {

class MetricsEndpoints;
class PipelineController;

// The pipeline files open in the console, in the order they were opened. Refreshes their
// metrics copies on a timer (the engine samples once a second).
class PipelineWorkspace : public QObject
{
    Q_OBJECT

public:
    explicit PipelineWorkspace(QObject *parent = nullptr);
    ~PipelineWorkspace() override;

    // The controller of `file`: the one already open for it, or a new one (also when the file
    // has problems: they show with it).
    PipelineController *open(const QString &file);
    // Closes a pipeline that does not run; false when it runs.
    bool close(PipelineController *controller);

    const QList<PipelineController *> &pipelines() const { return m_pipelines; }
    qsizetype indexOf(PipelineController *controller) const;
    int runningCount() const;
    void stopAll();

    // The /metrics endpoints of the pipelines it runs.
    MetricsEndpoints &metricsEndpoints() { return *m_metricsEndpoints; }

signals:
    void pipelineAboutToBeAdded(int index);
    void pipelineAdded(int index);
    void pipelineAboutToBeRemoved(int index);
    void pipelineRemoved(int index);
    void runningCountChanged(int running);

private:
    std::unique_ptr<MetricsEndpoints> m_metricsEndpoints; // before the pipelines, which use it
    QList<PipelineController *> m_pipelines;
    QTimer m_metricsTimer;
};

} // namespace syncline::ui
