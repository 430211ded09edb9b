#include "alert_model.h"

#include "alert_center.h"

#include <QColor>
#include <QDateTime>
#include <QFont>

namespace syncline::ui {
namespace {

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

AlertModel::AlertModel(AlertCenter *center, QObject *parent)
    : QAbstractTableModel(parent), m_center(center)
{
    // Newest first: an appended entry is row 0, the oldest (dropped first) the last row.
    connect(center, &AlertCenter::aboutToAppend, this, [this] { beginInsertRows({}, 0, 0); });
    connect(center, &AlertCenter::appended, this, [this] { endInsertRows(); });
    connect(center, &AlertCenter::aboutToDropOldest, this, [this](int count) {
        const int last = rowCount() - 1;
        beginRemoveRows({}, last - count + 1, last);
    });
    connect(center, &AlertCenter::droppedOldest, this, [this] { endRemoveRows(); });
    connect(center, &AlertCenter::entriesChanged, this, [this](int first, int last) {
        const int top = entryRow(last), bottom = entryRow(first);
        emit dataChanged(index(top, 0), index(bottom, ColumnCount - 1));
    });
}

int AlertModel::entryRow(int row) const
{
    return int(m_center->entries().size()) - 1 - row;
}

int AlertModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_center->entries().size());
}

int AlertModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AlertEntry &entry = m_center->entries().at(entryRow(index.row()));
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Time:
            return timeText(entry.firedMs);
        case Pipeline:
            return entry.pipeline;
        case Rule:
            return entry.rule;
        case Severity:
            return entry.severity == AlertSeverity::Critical ? tr("critical") : tr("warning");
        case Message:
            return entry.message;
        case State: {
            QString state =
                entry.isActive() ? tr("active") : tr("cleared %1").arg(timeText(entry.clearedMs));
            return entry.acknowledged ? tr("%1, acknowledged").arg(state) : state;
        }
        }
        return {};
    case Qt::FontRole:
        if (!entry.acknowledged) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole:
        if (entry.isActive() && index.column() == Severity)
            return entry.severity == AlertSeverity::Critical ? QColor(0xd3, 0x2f, 0x2f)
                                                             : QColor(0xf5, 0x9e, 0x0b);
        return {};
    case AcknowledgedRole:
        return entry.acknowledged;
    case ActiveRole:
        return entry.isActive();
    case EntryRowRole:
        return entryRow(index.row());
    default:
        return {};
    }
}

QVariant AlertModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Fired");
    case Pipeline:
        return tr("Pipeline");
    case Rule:
        return tr("Rule");
    case Severity:
        return tr("Severity");
    case Message:
        return tr("Message");
    case State:
        return tr("State");
    }
    return {};
}

} // namespace syncline::ui
