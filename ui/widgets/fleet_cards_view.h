#pragma once

#include "widgets/pipeline_card.h"

#include <QScrollArea>
#include <QSet>
#include <QTimer>

class QAbstractItemModel;
class QGridLayout;

namespace syncline::ui {

// A FleetModel's rows as cards in a grid that fits as many columns as the width allows. Redraws
// are coalesced: a burst of row changes refreshes each changed card once (~4 Hz).
class FleetCardsView : public QScrollArea
{
    Q_OBJECT

public:
    explicit FleetCardsView(QAbstractItemModel *model, QWidget *parent = nullptr);

    PipelineCard *card(int row) const { return m_cards.value(row); }
    int cardCount() const { return int(m_cards.size()); }
    int currentRow() const { return m_current; }
    void setCurrentRow(int row);

signals:
    void cardClicked(int row);
    void actionTriggered(int row, syncline::ui::PipelineCard::Action action);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void rebuild();
    void relayout();
    void refreshPending();

    QAbstractItemModel *m_model;
    QWidget *m_canvas;
    QGridLayout *m_grid;
    QList<PipelineCard *> m_cards;
    int m_columns = 0;
    int m_current = -1;
    QSet<int> m_pending;
    QTimer m_refreshTimer;
};

} // namespace syncline::ui
