#include "pipeline_actions.h"

#include "pipeline_controller.h"
#include "pipeline_workspace.h"

#include <QAction>
#include <QIcon>
#include <QMessageBox>
#include <QStyle>
#include <QWidget>

namespace syncline::ui {
namespace {

QAction *makeAction(QObject *parent, const QString &text, const QString &themeIcon,
                    QStyle::StandardPixmap fallback, const QKeySequence &shortcut,
                    const QString &objectName, QWidget *styleSource)
{
    auto *action = new QAction(
        QIcon::fromTheme(themeIcon, styleSource->style()->standardIcon(fallback)), text, parent);
    action->setShortcut(shortcut);
    action->setObjectName(objectName);
    action->setToolTip(shortcut.isEmpty()
                           ? text
                           : text + u" (" + shortcut.toString(QKeySequence::NativeText) + u')');
    return action;
}

} // namespace

PipelineActions::PipelineActions(PipelineWorkspace *workspace, QWidget *dialogParent)
    : QObject(dialogParent), m_workspace(workspace), m_dialogParent(dialogParent),
      m_start(makeAction(this, tr("&Start"), QStringLiteral("media-playback-start"),
                         QStyle::SP_MediaPlay, QKeySequence(Qt::CTRL | Qt::Key_R),
                         QStringLiteral("actionStart"), dialogParent)),
      m_pause(makeAction(this, tr("&Pause"), QStringLiteral("media-playback-pause"),
                         QStyle::SP_MediaPause, QKeySequence(Qt::CTRL | Qt::Key_P),
                         QStringLiteral("actionPause"), dialogParent)),
      m_resume(makeAction(this, tr("Res&ume"), QStringLiteral("media-playback-start"),
                          QStyle::SP_MediaSeekForward,
                          QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
                          QStringLiteral("actionResume"), dialogParent)),
      m_stop(makeAction(this, tr("S&top"), QStringLiteral("media-playback-stop"),
                        QStyle::SP_MediaStop, QKeySequence(Qt::CTRL | Qt::Key_Period),
                        QStringLiteral("actionStop"), dialogParent)),
      m_reload(makeAction(this, tr("Re&load File"), QStringLiteral("view-refresh"),
                          QStyle::SP_BrowserReload, QKeySequence::Refresh,
                          QStringLiteral("actionReload"), dialogParent)),
      m_close(makeAction(this, tr("&Close Pipeline"), QStringLiteral("document-close"),
                         QStyle::SP_DialogCloseButton, QKeySequence::Close,
                         QStringLiteral("actionClosePipeline"), dialogParent))
{
    connect(m_start, &QAction::triggered, this, [this] { m_current->start(); });
    connect(m_pause, &QAction::triggered, this, [this] { m_current->pause(); });
    connect(m_resume, &QAction::triggered, this, [this] { m_current->resume(); });
    connect(m_stop, &QAction::triggered, this, &PipelineActions::confirmAndStop);
    connect(m_reload, &QAction::triggered, this, [this] { m_current->reload(); });
    connect(m_close, &QAction::triggered, this, [this] { m_workspace->close(m_current); });
    updateEnabled();
}

void PipelineActions::setCurrent(PipelineController *controller)
{
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_current = controller;
    if (controller) {
        for (const auto signal :
             {&PipelineController::statusChanged, &PipelineController::configChanged}) {
            m_connections.append(
                connect(controller, signal, this, &PipelineActions::updateEnabled));
        }
        m_connections.append(connect(controller, &PipelineController::runningChanged, this,
                                     &PipelineActions::updateEnabled));
    }
    updateEnabled();
}

PipelineController *PipelineActions::current() const
{
    return m_current;
}

void PipelineActions::updateEnabled()
{
    const PipelineController *c = m_current;
    const bool running = c && c->isRunning();
    const bool stopping = running && c->isStopping();
    const bool paused = running && c->status().state == PipelineState::Paused;
    m_start->setEnabled(c && !running);
    m_pause->setEnabled(running && !stopping && !paused);
    m_resume->setEnabled(paused && !stopping);
    m_stop->setEnabled(running && !stopping);
    m_reload->setEnabled(c && !running);
    m_close->setEnabled(c && !running);
}

void PipelineActions::confirmAndStop()
{
    if (!m_current || !m_current->isRunning())
        return;
    const PipelineState state = m_current->status().state;
    const bool movingData =
        state == PipelineState::Streaming || state == PipelineState::Snapshotting;
    if (movingData) {
        const auto answer = QMessageBox::question(
            m_dialogParent, tr("Stop Pipeline"),
            tr("Stop %1? Changes read so far are applied and confirmed first; changes made "
               "after that wait in the replication slot until it runs again.")
                .arg(m_current->name()),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes || !m_current)
            return;
    }
    m_current->stop();
}

} // namespace syncline::ui
