#pragma once

#include "widgets/pipeline_card.h"

#include <QTimer>
#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QStackedWidget;
class QToolButton;

namespace syncline::ui {

class FleetCardsView;
class FleetModel;
class PipelineActions;
class PipelineController;
class PipelineDetailPane;
class PipelinesPage;

// The console's first page: every open pipeline as a card (FleetCardsView over a FleetModel), or
// as the Pipelines table, toggled; a detail pane under the selection. The selection is the
// table's (PipelinesPage::currentPipeline), so the menus, the other pages and both views agree.
// Card buttons act through the window's PipelineActions (a stop asks as it does from the menu).
class OverviewPage : public QWidget
{
    Q_OBJECT

public:
    enum class View
    {
        Cards,
        Table
    };
    // Reads where each pipeline stands on its servers this often while the page shows.
    static constexpr int kProbeIntervalMs = 15000;

    OverviewPage(FleetModel *model, PipelinesPage *table, PipelineActions *actions,
                 QAbstractItemModel *log, QWidget *parent = nullptr);

    View view() const;
    void setView(View view);
    FleetModel *model() const { return m_model; }
    FleetCardsView *cards() const { return m_cards; }
    PipelineDetailPane *detail() const { return m_detail; }
    QToolButton *cardsToggle() const { return m_cardsToggle; }
    QToolButton *tableToggle() const { return m_tableToggle; }

signals:
    void viewChanged(syncline::ui::OverviewPage::View view);
    void dashboardRequested(syncline::ui::PipelineController *controller);
    void deadLettersRequested(syncline::ui::PipelineController *controller);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void onCurrentPipelineChanged(PipelineController *controller);
    void act(int row, PipelineCard::Action action);
    void probeAll();
    void updatePlaceholder();

    FleetModel *m_model;
    PipelinesPage *m_table;
    PipelineActions *m_actions;
    FleetCardsView *m_cards;
    PipelineDetailPane *m_detail;
    QStackedWidget *m_views;
    QLabel *m_placeholder;
    QToolButton *m_cardsToggle;
    QToolButton *m_tableToggle;
    QTimer m_probeTimer;
};

} // namespace syncline::ui
