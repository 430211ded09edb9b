#pragma once

#include <QList>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include "widgets/chart_panel.h"

class QComboBox;
class QTableView;

namespace syncline::ui {

class ConsumerLagModel;
class LagStatusLabel;
class PipelineController;
class PipelineListModel;
class Settings;

// Live charts of one pipeline: throughput, latency, lag, retries and dead letters, over 5 min,
// 1 h or 24 h of the engine's one-second history; with the kafka transport also the consumer
// lag (summed, and a table per partition). Redraws are coalesced: however many updates arrive,
// the charts are redrawn at most once per kRedrawDelayMs, and only while visible.
class DashboardPage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kRedrawDelayMs = 250;
    static constexpr qsizetype kMaxPointsPerLine = 2000;

    DashboardPage(PipelineListModel *model, Settings *settings, QWidget *parent = nullptr);

    void setPipeline(PipelineController *controller);
    void setWindowSeconds(int seconds); // one of the window choices: 300, 3600, 86400
    PipelineController *pipeline() const;
    const QList<ChartPanel *> &charts() const { return m_charts; } // consumer lag's the last
    ChartPanel *consumerLagChart() const { return m_charts.last(); }
    ConsumerLagModel *consumerLagModel() const { return m_lagModel; }
    QTableView *consumerLagTable() const { return m_lagTable; }
    void redrawNow(); // what the coalescing timer runs
    // The charts from `source`, the window ending at nowMs (ms since the epoch).
    // Hidden charts (the consumer lag's without Kafka) are skipped.
    void redraw(const ChartPanel::SeriesSource &source, qint64 nowMs);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void scheduleRedraw();
    int windowSeconds() const;
    void showKafkaPanels();

    PipelineListModel *m_model;
    Settings *m_settings;
    QComboBox *m_pipelineBox;
    QComboBox *m_windowBox;
    LagStatusLabel *m_status;
    QList<ChartPanel *> m_charts;
    ConsumerLagModel *m_lagModel;
    QWidget *m_lagTableBox;
    QTableView *m_lagTable;
    QPointer<PipelineController> m_pipeline;
    QMetaObject::Connection m_metricsConnection;
    QTimer m_redrawTimer;
};

} // namespace syncline::ui
