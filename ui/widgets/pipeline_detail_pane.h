#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QAbstractItemModel;
class QLabel;

namespace syncline::ui {

class PipelineController;

// Under the fleet overview's selection: the pipeline's replication slot (name, active, confirmed
// position, retained WAL, wal_status where known), its sinks with their positions and lag, and
// its last warnings and errors from the log.
class PipelineDetailPane : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kLastErrors = 5;

    // `log`: a LogModel (its PipelineRole and LevelRole are read).
    explicit PipelineDetailPane(QAbstractItemModel *log, QWidget *parent = nullptr);

    void setPipeline(PipelineController *controller);
    PipelineController *pipeline() const;
    QString slotText() const;
    QString sinksText() const;
    QString errorsText() const;

private:
    void scheduleUpdate();
    void updateNow();
    QString slotHtml() const;
    QString errorsHtml() const;

    QAbstractItemModel *m_log;
    QPointer<PipelineController> m_pipeline;
    QList<QMetaObject::Connection> m_connections;
    QLabel *m_slot;
    QLabel *m_sinks;
    QLabel *m_errors;
    QTimer m_updateTimer;
};

} // namespace syncline::ui
