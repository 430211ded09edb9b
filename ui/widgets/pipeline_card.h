#pragma once

#include <QFrame>
#include <QPersistentModelIndex>

class QLabel;
class QToolButton;

namespace syncline::ui {

class Sparkline;

// One pipeline of the fleet overview, drawn from its row of a FleetModel: state and reason,
// sparklines of lag and throughput, dead letters, alerts and the last verify result, each
// sink's position and lag, and buttons for what one does with it.
class PipelineCard : public QFrame
{
    Q_OBJECT

public:
    enum class Action
    {
        StartOrStop,
        PauseOrResume,
        Dashboard,
        DeadLetters
    };

    explicit PipelineCard(const QPersistentModelIndex &index, QWidget *parent = nullptr);

    QModelIndex index() const { return m_index; }
    void refresh(); // reads the row again
    void setSelected(bool selected);
    bool isSelected() const { return m_selected; }
    QToolButton *button(Action action) const;
    Sparkline *lagSparkline() const { return m_lagLine; }
    Sparkline *throughputSparkline() const { return m_throughputLine; }

signals:
    void clicked();
    void actionTriggered(syncline::ui::PipelineCard::Action action);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    QToolButton *addButton(Action action, const QString &objectName);

    QPersistentModelIndex m_index;
    bool m_selected = false;
    QLabel *m_dot;
    QLabel *m_name;
    QLabel *m_alerts;
    QLabel *m_state;
    QLabel *m_reason;
    QLabel *m_lagText;
    Sparkline *m_lagLine;
    QLabel *m_throughputText;
    Sparkline *m_throughputLine;
    QLabel *m_figures;
    QLabel *m_sinks;
    QList<QToolButton *> m_buttons;
};

} // namespace syncline::ui
