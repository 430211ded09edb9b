#include "alerts_page.h"

#include "alert_center.h"
#include "models/alert_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace syncline::ui {

AlertsPage::AlertsPage(AlertCenter *center, QWidget *parent)
    : QWidget(parent), m_center(center), m_model(new AlertModel(center, this)),
      m_view(new QTableView(this)), m_summary(new QLabel(this)),
      m_acknowledge(new QPushButton(tr("Acknowledge"), this)),
      m_acknowledgeAll(new QPushButton(tr("Acknowledge All"), this))
{
    setObjectName(QStringLiteral("alertsPage"));
    m_view->setObjectName(QStringLiteral("alertTable"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    auto *header = m_view->horizontalHeader();
    header->setStretchLastSection(false);
    header->resizeSection(AlertModel::Time, 150);
    header->resizeSection(AlertModel::Pipeline, 130);
    header->resizeSection(AlertModel::Rule, 130);
    header->resizeSection(AlertModel::Severity, 80);
    header->setSectionResizeMode(AlertModel::Message, QHeaderView::Stretch);
    header->resizeSection(AlertModel::State, 230);
    m_acknowledge->setObjectName(QStringLiteral("acknowledgeAlerts"));
    m_acknowledge->setToolTip(tr("Mark the selected alerts as seen"));
    m_acknowledgeAll->setObjectName(QStringLiteral("acknowledgeAllAlerts"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_acknowledge);
    bar->addWidget(m_acknowledgeAll);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(m_acknowledge, &QPushButton::clicked, this, [this] {
        QList<int> rows;
        const QModelIndexList selected = m_view->selectionModel()->selectedRows();
        for (const QModelIndex &index : selected)
            rows.append(m_model->entryRow(index.row()));
        m_center->acknowledge(rows);
    });
    connect(m_acknowledgeAll, &QPushButton::clicked, center, &AlertCenter::acknowledgeAll);
    connect(center, &AlertCenter::countsChanged, this, &AlertsPage::updateSummary);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AlertsPage::updateSummary);
    updateSummary();
}

void AlertsPage::updateSummary()
{
    const auto &entries = m_center->entries();
    const int active = int(std::count_if(entries.begin(), entries.end(),
                                         [](const AlertEntry &e) { return e.isActive(); }));
    const int unacknowledged = m_center->unacknowledgedCount();
    m_summary->setText(entries.isEmpty() ? tr("No alerts have fired since the console started.")
                                         : tr("%n active, ", nullptr, active) +
                                               tr("%n not acknowledged", nullptr, unacknowledged));
    m_acknowledge->setEnabled(m_view->selectionModel()->hasSelection());
    m_acknowledgeAll->setEnabled(unacknowledged > 0);
}

} // namespace syncline::ui
