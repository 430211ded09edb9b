#include "replay_panel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace syncline::ui {

QString outcomeText(dlq::ReplayResult::Outcome outcome)
{
    using O = dlq::ReplayResult::Outcome;
    switch (outcome) {
    case O::Applied:
        return ReplayPanel::tr("Applied");
    case O::AlreadyApplied:
        return ReplayPanel::tr("Already applied");
    case O::WouldApply:
        return ReplayPanel::tr("Would apply");
    case O::Failed:
        return ReplayPanel::tr("Failed");
    case O::Quarantined:
        return ReplayPanel::tr("Quarantined");
    case O::Waiting:
        return ReplayPanel::tr("Waiting for an earlier dead letter of its row");
    }
    return {};
}

ReplayPanel::ReplayPanel(QWidget *parent)
    : QWidget(parent), m_replaySelected(new QPushButton(tr("Replay selected"), this)),
      m_replayAll(new QPushButton(tr("Replay all matching"), this)),
      m_edit(new QPushButton(tr("Edit and replay…"), this)),
      m_discard(new QPushButton(tr("Discard…"), this)),
      m_dryRun(new QCheckBox(tr("Dry run"), this)), m_rate(new QSpinBox(this)),
      m_progress(new QProgressBar(this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_results(new QTreeWidget(this))
{
    m_replaySelected->setObjectName(QStringLiteral("replaySelected"));
    m_replayAll->setObjectName(QStringLiteral("replayAll"));
    m_edit->setObjectName(QStringLiteral("editThenReplay"));
    m_discard->setObjectName(QStringLiteral("discardDeadLetters"));
    m_dryRun->setObjectName(QStringLiteral("replayDryRun"));
    m_cancel->setObjectName(QStringLiteral("cancelReplay"));
    m_results->setObjectName(QStringLiteral("replayResults"));
    m_replaySelected->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_discard->setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
    m_dryRun->setToolTip(tr("Show exactly what a replay or discard would do, changing nothing"));
    m_rate->setRange(0, 100000);
    m_rate->setSpecialValueText(tr("no rate cap"));
    m_rate->setSuffix(tr(" /s"));
    m_rate->setToolTip(tr("Replay at most this many dead letters per second"));
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    m_results->setColumnCount(3);
    m_results->setHeaderLabels({tr("Dead letter"), tr("Outcome"), tr("Detail")});
    m_results->setRootIsDecorated(false);
    m_results->header()->setStretchLastSection(true);

    auto *buttons = new QHBoxLayout;
    for (QWidget *widget :
         {static_cast<QWidget *>(m_replaySelected), static_cast<QWidget *>(m_replayAll),
          static_cast<QWidget *>(m_edit), static_cast<QWidget *>(m_discard),
          static_cast<QWidget *>(m_dryRun), static_cast<QWidget *>(m_rate)})
        buttons->addWidget(widget);
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_cancel);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_results, 1);

    connect(m_replaySelected, &QPushButton::clicked, this, &ReplayPanel::replaySelected);
    connect(m_replayAll, &QPushButton::clicked, this, &ReplayPanel::replayAll);
    connect(m_edit, &QPushButton::clicked, this, &ReplayPanel::editThenReplay);
    connect(m_discard, &QPushButton::clicked, this, &ReplayPanel::discardSelected);
    connect(m_cancel, &QPushButton::clicked, this, &ReplayPanel::cancel);
    updateEnabled();
}

bool ReplayPanel::dryRun() const
{
    return m_dryRun->isChecked();
}

double ReplayPanel::maxPerSecond() const
{
    return m_rate->value();
}

void ReplayPanel::setSelectionCount(int selected, int matching)
{
    m_selected = selected;
    m_matching = matching;
    m_replayAll->setText(tr("Replay all %n matching", nullptr, matching));
    updateEnabled();
}

void ReplayPanel::setRunning(bool running, int total)
{
    m_running = running;
    m_progress->setVisible(running);
    m_cancel->setVisible(running);
    m_progress->setRange(0, std::max(total, 0));
    m_progress->setValue(0);
    updateEnabled();
}

void ReplayPanel::updateEnabled()
{
    m_replaySelected->setEnabled(!m_running && m_selected > 0);
    m_discard->setEnabled(!m_running && m_selected > 0);
    m_edit->setEnabled(!m_running && m_selected == 1);
    m_replayAll->setEnabled(!m_running && m_matching > 0);
}

void ReplayPanel::clearResults()
{
    m_results->clear();
}

void ReplayPanel::addResults(const std::vector<dlq::ReplayResult> &results, int done, int total)
{
    QList<QTreeWidgetItem *> items;
    items.reserve(qsizetype(results.size()));
    for (const auto &result : results)
        items.append(new QTreeWidgetItem({QStringLiteral("#") + QString::number(result.id),
                                          outcomeText(result.outcome),
                                          QString::fromStdString(result.detail)}));
    m_results->addTopLevelItems(items);
    m_progress->setRange(0, total);
    m_progress->setValue(done);
}

} // namespace syncline::ui
