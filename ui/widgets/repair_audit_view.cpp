#include "repair_audit_view.h"

#include "dead_letter_results.h"
#include "models/dead_letter_model.h"

#include <QHeaderView>

namespace syncline::ui {

RepairAuditView::RepairAuditView(QWidget *parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("repairAuditView"));
    setColumnCount(6);
    setHeaderLabels({tr("When"), tr("Who"), tr("Sink"), tr("Table"), tr("Rows"), tr("What")});
    setRootIsDecorated(false);
    setAlternatingRowColors(true);
    header()->setStretchLastSection(true);
}

int RepairAuditView::setLog(const AuditLog &log)
{
    clear();
    QList<QTreeWidgetItem *> items;
    for (auto it = log.entries.rbegin(); it != log.entries.rend() && items.size() < kShown; ++it) {
        if (it->action != "repair")
            continue;
        QString table = QString::fromStdString(it->filter);
        if (table.startsWith(u"table="))
            table = table.mid(6);
        auto *item = new QTreeWidgetItem({localTimeText(it->at), QString::fromStdString(it->actor),
                                          QString::fromStdString(it->sink), table,
                                          QString::number(it->affected),
                                          QString::fromStdString(it->detail)});
        item->setTextAlignment(4, Qt::AlignRight | Qt::AlignVCenter);
        items.append(item);
    }
    addTopLevelItems(items);
    for (int column = 0; column < 5; ++column)
        resizeColumnToContents(column);
    return int(items.size());
}

} // namespace syncline::ui
