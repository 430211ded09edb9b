#include "log_model.h"

#include <QColor>
#include <QDateTime>

namespace syncline::ui {

QString levelText(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug:
        return LogModel::tr("Debug");
    case LogLevel::Info:
        return LogModel::tr("Info");
    case LogLevel::Warning:
        return LogModel::tr("Warning");
    case LogLevel::Error:
        return LogModel::tr("Error");
    }
    return {};
}

LogModel::LogModel(QObject *parent, qsizetype capacity)
    : QAbstractTableModel(parent), m_capacity(std::max<qsizetype>(capacity, 1))
{}

void LogModel::append(const QList<LogEntry> &entries)
{
    const qsizetype incoming = std::min(entries.size(), m_capacity);
    if (incoming == 0)
        return;
    const qsizetype overflow = qsizetype(m_entries.size()) + incoming - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow - 1));
        m_entries.erase(m_entries.begin(), m_entries.begin() + overflow);
        endRemoveRows();
    }
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(incoming) - 1);
    for (auto it = entries.end() - incoming; it != entries.end(); ++it) {
        m_entries.push_back(*it);
        if (!m_categories.contains(it->category)) {
            m_categories.append(it->category);
            emit categoryAdded(it->category);
        }
    }
    endInsertRows();
}

void LogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogEntry &entry = m_entries[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return display(entry, index.column());
    case Qt::ToolTipRole:
        return index.column() == Message ? QVariant(entry.message) : QVariant();
    case Qt::ForegroundRole:
        if (entry.level == LogLevel::Error)
            return QColor(0xd3, 0x2f, 0x2f);
        if (entry.level == LogLevel::Warning)
            return QColor(0xe0, 0x8a, 0x00);
        return {};
    case LevelRole:
        return int(entry.level);
    case CategoryRole:
        return entry.category;
    case PipelineRole:
        return entry.pipeline;
    default:
        return {};
    }
}

QVariant LogModel::display(const LogEntry &entry, int column) const
{
    switch (column) {
    case Time:
        return QDateTime::fromMSecsSinceEpoch(entry.timeMs).toString(u"HH:mm:ss.zzz");
    case Level:
        return levelText(entry.level);
    case Pipeline:
        return entry.pipeline;
    case Category:
        return entry.category;
    case Message:
        return entry.message;
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Level:
        return tr("Level");
    case Pipeline:
        return tr("Pipeline");
    case Category:
        return tr("Category");
    case Message:
        return tr("Message");
    }
    return {};
}

} // namespace syncline::ui
