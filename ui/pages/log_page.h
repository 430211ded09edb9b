#pragma once

#include <QStringList>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QTableView;

namespace syncline::ui {

class LogFilterProxy;
class LogModel;
class PipelineListModel;

// The engine's log, filtered by level, pipeline (all, or one of those open), category and text
// (typing is debounced). Follows new entries while scrolled to the bottom.
class LogPage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kFilterDelayMs = 200;

    // `pipelines` (may be null) names the pipelines the filter offers.
    LogPage(LogModel *model, PipelineListModel *pipelines, QWidget *parent = nullptr);

    LogFilterProxy *proxy() const { return m_proxy; }
    QComboBox *pipelineBox() const { return m_pipelineBox; }
    QTableView *view() const { return m_view; }

private:
    void applyTextFilter();
    void refreshPipelines();

    LogModel *m_model;
    PipelineListModel *m_pipelines;
    LogFilterProxy *m_proxy;
    QComboBox *m_levelBox;
    QComboBox *m_pipelineBox;
    QStringList m_pipelineNames; // what m_pipelineBox offers after "All pipelines"
    QComboBox *m_categoryBox;
    QLineEdit *m_textEdit;
    QTableView *m_view;
    QTimer m_textTimer;
    bool m_follow = true;
};

} // namespace syncline::ui
