#include "overview_page.h"

#include "models/fleet_model.h"
#include "pages/pipelines_page.h"
#include "pipeline_actions.h"
#include "pipeline_controller.h"
#include "pipeline_workspace.h"
#include "widgets/fleet_cards_view.h"
#include "widgets/inline_message.h"
#include "widgets/pipeline_detail_pane.h"

#include <QAction>
#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace syncline::ui {

OverviewPage::OverviewPage(FleetModel *model, PipelinesPage *table, PipelineActions *actions,
                           QAbstractItemModel *log, QWidget *parent)
    : QWidget(parent), m_model(model), m_table(table), m_actions(actions),
      m_cards(new FleetCardsView(model, this)), m_detail(new PipelineDetailPane(log, this)),
      m_views(new QStackedWidget(this)), m_placeholder(new QLabel(this)),
      m_cardsToggle(new QToolButton(this)), m_tableToggle(new QToolButton(this))
{
    setObjectName(QStringLiteral("overviewPage"));
    m_placeholder->setText(tr("No pipeline is open.\nOpen a pipeline file with File ▸ Open "
                              "(Ctrl+O), or drop one here."));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setEnabled(false);

    m_cardsToggle->setObjectName(QStringLiteral("overviewCardsToggle"));
    m_cardsToggle->setText(tr("Cards"));
    m_cardsToggle->setToolTip(tr("Each pipeline as a card"));
    m_tableToggle->setObjectName(QStringLiteral("overviewTableToggle"));
    m_tableToggle->setText(tr("Table"));
    m_tableToggle->setToolTip(tr("The pipelines as a table"));
    auto *toggles = new QButtonGroup(this);
    for (QToolButton *toggle : {m_cardsToggle, m_tableToggle}) {
        toggle->setCheckable(true);
        toggle->setToolButtonStyle(Qt::ToolButtonTextOnly);
        toggles->addButton(toggle);
    }
    m_cardsToggle->setChecked(true);
    connect(m_cardsToggle, &QToolButton::clicked, this, [this] { setView(View::Cards); });
    connect(m_tableToggle, &QToolButton::clicked, this, [this] { setView(View::Table); });

    auto *title = new QLabel(tr("Fleet"), this);
    QFont font = title->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.2);
    title->setFont(font);
    auto *bar = new QHBoxLayout;
    bar->addWidget(title);
    bar->addStretch(1);
    bar->addWidget(new QLabel(tr("View:"), this));
    bar->addWidget(m_cardsToggle);
    bar->addWidget(m_tableToggle);

    m_views->addWidget(m_cards);
    m_views->addWidget(table);
    m_views->addWidget(m_placeholder);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("overviewSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_views);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    // The selected pipeline's problems show above either view.
    table->layout()->removeWidget(table->message());
    table->layout()->setContentsMargins(0, 0, 0, 0);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(table->message());
    layout->addWidget(splitter, 1);

    connect(m_cards, &FleetCardsView::cardClicked, this,
            [this](int row) { m_table->select(m_model->controllerAt(row)); });
    connect(m_cards, &FleetCardsView::actionTriggered, this, &OverviewPage::act);
    connect(table, &PipelinesPage::currentPipelineChanged, this,
            &OverviewPage::onCurrentPipelineChanged);
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        updatePlaceholder();
        onCurrentPipelineChanged(m_table->currentPipeline());
    });
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
        updatePlaceholder();
        onCurrentPipelineChanged(m_table->currentPipeline());
    });
    m_probeTimer.setInterval(kProbeIntervalMs);
    connect(&m_probeTimer, &QTimer::timeout, this, &OverviewPage::probeAll);
    updatePlaceholder();
}

OverviewPage::View OverviewPage::view() const
{
    return m_tableToggle->isChecked() ? View::Table : View::Cards;
}

void OverviewPage::setView(View view)
{
    (view == View::Table ? m_tableToggle : m_cardsToggle)->setChecked(true);
    updatePlaceholder();
    emit viewChanged(view);
}

void OverviewPage::updatePlaceholder()
{
    // The table shows its own placeholder; the cards need this one.
    if (view() == View::Table)
        m_views->setCurrentWidget(m_table);
    else
        m_views->setCurrentWidget(m_model->rowCount() > 0 ? static_cast<QWidget *>(m_cards)
                                                          : m_placeholder);
}

void OverviewPage::onCurrentPipelineChanged(PipelineController *controller)
{
    const QModelIndex index = m_model->indexOf(controller);
    m_cards->setCurrentRow(index.isValid() ? index.row() : -1);
    if (m_detail->pipeline() != controller)
        m_detail->setPipeline(controller);
}

void OverviewPage::act(int row, PipelineCard::Action action)
{
    PipelineController *controller = m_model->controllerAt(row);
    if (!controller)
        return;
    m_table->select(controller); // the actions work on the current pipeline
    m_actions->setCurrent(controller);
    switch (action) {
    case PipelineCard::Action::StartOrStop:
        (controller->isRunning() ? m_actions->stop() : m_actions->start())->trigger();
        break;
    case PipelineCard::Action::PauseOrResume:
        (controller->status().state == PipelineState::Paused ? m_actions->resume()
                                                             : m_actions->pause())
            ->trigger();
        break;
    case PipelineCard::Action::Dashboard:
        emit dashboardRequested(controller);
        break;
    case PipelineCard::Action::DeadLetters:
        emit deadLettersRequested(controller);
        break;
    }
}

void OverviewPage::probeAll()
{
    for (int row = 0; row < m_model->rowCount(); ++row)
        m_model->controllerAt(row)->probeServers();
}

void OverviewPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    probeAll();
    m_probeTimer.start();
}

void OverviewPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_probeTimer.stop();
}

} // namespace syncline::ui
