#include "dashboard_page.h"

#include "models/consumer_lag_model.h"
#include "models/pipeline_list_model.h"
#include "pipeline_controller.h"
#include "settings.h"
#include "widgets/chart_panel.h"
#include "widgets/lag_status_label.h"

#include <QComboBox>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace syncline::ui {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

QList<ChartPanel *> makeCharts(QWidget *parent)
{
    return {
        new ChartPanel(DashboardPage::tr("Throughput"), DashboardPage::tr("events/s"), {},
                       {{DashboardPage::tr("read from source"), Metric::EventsInPerSecond},
                        {DashboardPage::tr("applied to targets"), Metric::EventsOutPerSecond}},
                       parent),
        new ChartPanel(DashboardPage::tr("Latency, commit to applied"), DashboardPage::tr("ms"), {},
                       {{DashboardPage::tr("p50"), Metric::LatencyP50Ms},
                        {DashboardPage::tr("p99"), Metric::LatencyP99Ms}},
                       parent),
        new ChartPanel(DashboardPage::tr("Replication slot"), DashboardPage::tr("MiB"),
                       DashboardPage::tr("seconds"),
                       {{DashboardPage::tr("lag (MiB)"), Metric::SlotLagBytes, kMiB},
                        {DashboardPage::tr("retained log (MiB)"), Metric::RetainedWalBytes, kMiB},
                        {DashboardPage::tr("lag (s)"), Metric::SlotLagSeconds, 1, true}},
                       parent),
        new ChartPanel(DashboardPage::tr("Retries and dead letters"),
                       DashboardPage::tr("per second"), {},
                       {{DashboardPage::tr("retries"), Metric::RetriesPerSecond},
                        {DashboardPage::tr("dead letters"), Metric::DeadLettersPerSecond}},
                       parent),
        new ChartPanel(DashboardPage::tr("Kafka consumer lag"), DashboardPage::tr("messages"), {},
                       {{DashboardPage::tr("behind, all partitions"), Metric::ConsumerLagMessages}},
                       parent),
    };
}

} // namespace

DashboardPage::DashboardPage(PipelineListModel *model, Settings *settings, QWidget *parent)
    : QWidget(parent), m_model(model), m_settings(settings), m_pipelineBox(new QComboBox(this)),
      m_windowBox(new QComboBox(this)), m_status(new LagStatusLabel(this)),
      m_charts(makeCharts(this)), m_lagModel(new ConsumerLagModel(this)),
      m_lagTableBox(new QWidget(this)), m_lagTable(new QTableView(m_lagTableBox))
{
    m_pipelineBox->setObjectName(QStringLiteral("dashboardPipeline"));
    m_pipelineBox->setModel(model);
    m_pipelineBox->setModelColumn(PipelineListModel::Name);
    m_pipelineBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_windowBox->setObjectName(QStringLiteral("dashboardWindow"));
    m_windowBox->addItem(tr("Last 5 minutes"), 5 * 60);
    m_windowBox->addItem(tr("Last hour"), 60 * 60);
    m_windowBox->addItem(tr("Last 24 hours"), 24 * 60 * 60);
    m_windowBox->setCurrentIndex(
        std::max(0, m_windowBox->findData(settings->chartWindowSeconds())));

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Pipeline:"), this));
    bar->addWidget(m_pipelineBox);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Window:"), this));
    bar->addWidget(m_windowBox);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Lag status:"), this));
    bar->addWidget(m_status);
    bar->addStretch(1);
    m_lagTable->setObjectName(QStringLiteral("consumerLagTable"));
    m_lagTable->setModel(m_lagModel);
    m_lagTable->setShowGrid(false);
    m_lagTable->setWordWrap(false);
    m_lagTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_lagTable->verticalHeader()->hide();
    m_lagTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_lagTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_lagTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    auto *lagTableLayout = new QVBoxLayout(m_lagTableBox);
    lagTableLayout->setContentsMargins(0, 0, 0, 0);
    lagTableLayout->addWidget(new QLabel(tr("Consumer lag per partition"), m_lagTableBox));
    lagTableLayout->addWidget(m_lagTable, 1);
    // Two columns: the four charts every pipeline has, then (kafka transport) the consumer lag
    // chart beside its table, a third row that takes no room while hidden.
    auto *grid = new QGridLayout;
    for (int i = 0; i < m_charts.size(); ++i)
        grid->addWidget(m_charts.at(i), i / 2, i % 2);
    grid->addWidget(m_lagTableBox, int(m_charts.size() - 1) / 2, 1);
    showKafkaPanels();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addLayout(grid, 1);

    m_redrawTimer.setSingleShot(true);
    m_redrawTimer.setInterval(kRedrawDelayMs);
    connect(&m_redrawTimer, &QTimer::timeout, this, &DashboardPage::redrawNow);
    connect(m_pipelineBox, &QComboBox::currentIndexChanged, this,
            [this](int row) { setPipeline(m_model->controllerAt(row)); });
    connect(m_windowBox, &QComboBox::currentIndexChanged, this, [this] {
        m_settings->setChartWindowSeconds(windowSeconds());
        scheduleRedraw();
    });
}

void DashboardPage::setPipeline(PipelineController *controller)
{
    if (controller == m_pipeline)
        return;
    disconnect(m_metricsConnection);
    m_pipeline = controller;
    if (controller) {
        m_metricsConnection = connect(controller, &PipelineController::metricsUpdated, this,
                                      &DashboardPage::scheduleRedraw);
        m_pipelineBox->setCurrentIndex(m_model->indexOf(controller).row());
    }
    showKafkaPanels();
    m_lagModel->setLag(controller ? controller->metrics().consumerLag
                                  : std::map<std::string, long long>());
    scheduleRedraw();
}

PipelineController *DashboardPage::pipeline() const
{
    return m_pipeline;
}

void DashboardPage::setWindowSeconds(int seconds)
{
    const int index = m_windowBox->findData(seconds);
    if (index >= 0)
        m_windowBox->setCurrentIndex(index);
}

void DashboardPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    scheduleRedraw();
}

void DashboardPage::scheduleRedraw()
{
    if (isVisible() && !m_redrawTimer.isActive())
        m_redrawTimer.start();
}

// Only the kafka transport has consumer lag; a pipeline's transport changes when its file is
// edited and reloaded (at the next start), so this is checked again with every redraw.
void DashboardPage::showKafkaPanels()
{
    const bool kafka = m_pipeline && m_pipeline->usesKafka();
    consumerLagChart()->setVisible(kafka);
    m_lagTableBox->setVisible(kafka);
}

int DashboardPage::windowSeconds() const
{
    return m_windowBox->currentData().toInt();
}

void DashboardPage::redrawNow()
{
    qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    if (m_pipeline && m_pipeline->metrics().timeMs > 0)
        nowMs = m_pipeline->metrics().timeMs; // the last sample sits at the right edge
    PipelineController *pipeline = m_pipeline;
    showKafkaPanels();
    redraw(
        [pipeline](Metric metric, std::int64_t sinceMs) {
            return pipeline ? pipeline->series(metric, sinceMs) : std::vector<SeriesPoint>();
        },
        nowMs);
    m_status->setEvaluation(pipeline ? pipeline->lag() : LagEvaluation{});
    m_lagModel->setLag(pipeline ? pipeline->metrics().consumerLag
                                : std::map<std::string, long long>());
}

void DashboardPage::redraw(const ChartPanel::SeriesSource &source, qint64 nowMs)
{
    const qint64 fromMs = nowMs - qint64(windowSeconds()) * 1000;
    for (ChartPanel *chart : std::as_const(m_charts)) {
        if (!chart->isHidden())
            chart->showWindow(source, fromMs, nowMs, kMaxPointsPerLine);
    }
}

} // namespace syncline::ui
