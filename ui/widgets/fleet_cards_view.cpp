#include "fleet_cards_view.h"

#include <QAbstractItemModel>
#include <QGridLayout>
#include <QResizeEvent>

#include <algorithm>

namespace syncline::ui {
namespace {

constexpr int kCardWidth = 380; // a card's width before another column fits

} // namespace

FleetCardsView::FleetCardsView(QAbstractItemModel *model, QWidget *parent)
    : QScrollArea(parent), m_model(model), m_canvas(new QWidget(this)),
      m_grid(new QGridLayout(m_canvas))
{
    setObjectName(QStringLiteral("fleetCards"));
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    m_grid->setContentsMargins(4, 4, 4, 4);
    m_grid->setSpacing(10);
    m_grid->setAlignment(Qt::AlignTop);
    setWidget(m_canvas);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(250);
    connect(&m_refreshTimer, &QTimer::timeout, this, &FleetCardsView::refreshPending);
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &first, const QModelIndex &last) {
                for (int row = first.row(); row <= last.row(); ++row)
                    m_pending.insert(row);
                if (!m_refreshTimer.isActive())
                    m_refreshTimer.start();
            });
    connect(model, &QAbstractItemModel::rowsInserted, this, &FleetCardsView::rebuild);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &FleetCardsView::rebuild);
    connect(model, &QAbstractItemModel::rowsMoved, this, &FleetCardsView::rebuild);
    connect(model, &QAbstractItemModel::modelReset, this, &FleetCardsView::rebuild);
    rebuild();
}

void FleetCardsView::setCurrentRow(int row)
{
    m_current = row;
    for (int i = 0; i < m_cards.size(); ++i)
        m_cards.at(i)->setSelected(i == row);
    if (PipelineCard *selected = card(row))
        ensureWidgetVisible(selected);
}

void FleetCardsView::rebuild()
{
    m_pending.clear();
    qDeleteAll(m_cards);
    m_cards.clear();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        auto *card = new PipelineCard(m_model->index(row, 0), m_canvas);
        connect(card, &PipelineCard::clicked, this,
                [this, card] { emit cardClicked(int(m_cards.indexOf(card))); });
        connect(card, &PipelineCard::actionTriggered, this,
                [this, card](PipelineCard::Action action) {
                    emit actionTriggered(int(m_cards.indexOf(card)), action);
                });
        m_cards.append(card);
    }
    m_columns = 0; // lay out anew
    relayout();
    setCurrentRow(m_current < m_cards.size() ? m_current : -1);
}

void FleetCardsView::relayout()
{
    // As many columns as fit, but no more than there are cards: a few cards share the width.
    const int columns =
        std::clamp(viewport()->width() / kCardWidth, 1, std::max(1, int(m_cards.size())));
    if (columns == m_columns && m_grid->count() == m_cards.size())
        return;
    m_columns = columns;
    for (PipelineCard *card : std::as_const(m_cards))
        m_grid->removeWidget(card);
    for (int i = 0; i < m_grid->columnCount(); ++i)
        m_grid->setColumnStretch(i, 0);
    for (int i = 0; i < m_cards.size(); ++i) {
        m_grid->addWidget(m_cards.at(i), i / columns, i % columns, Qt::AlignTop);
        m_cards.at(i)->show(); // now, not at the next event-loop pass
    }
    for (int i = 0; i < columns; ++i)
        m_grid->setColumnStretch(i, 1);
}

void FleetCardsView::refreshPending()
{
    for (int row : std::as_const(m_pending))
        if (PipelineCard *changed = card(row))
            changed->refresh();
    m_pending.clear();
}

void FleetCardsView::resizeEvent(QResizeEvent *event)
{
    QScrollArea::resizeEvent(event);
    relayout();
}

} // namespace syncline::ui
