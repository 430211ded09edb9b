#pragma once

#include <QObject>
#include <QPointer>

class QAction;
class QWidget;

namespace syncline::ui {

class PipelineController;
class PipelineWorkspace;

// Start, pause, resume, stop, reload and close for the current pipeline, enabled by its state.
// Stopping a pipeline that moves data asks first.
class PipelineActions : public QObject
{
    Q_OBJECT

public:
    PipelineActions(PipelineWorkspace *workspace, QWidget *dialogParent);

    void setCurrent(PipelineController *controller);
    PipelineController *current() const;

    QAction *start() const { return m_start; }
    QAction *pause() const { return m_pause; }
    QAction *resume() const { return m_resume; }
    QAction *stop() const { return m_stop; }
    QAction *reload() const { return m_reload; }
    QAction *close() const { return m_close; }

private:
    void updateEnabled();
    void confirmAndStop();

    PipelineWorkspace *m_workspace;
    QWidget *m_dialogParent;
    QPointer<PipelineController> m_current;
    QList<QMetaObject::Connection> m_connections;
    QAction *m_start;
    QAction *m_pause;
    QAction *m_resume;
    QAction *m_stop;
    QAction *m_reload;
    QAction *m_close;
};

} // namespace syncline::ui
