#include "dead_letter_model.h"

#include "dead_letter_service.h"

#include <QBrush>
#include <QDateTime>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace syncline::ui {

QString statusText(dlq::DeadLetterStatus status)
{
    using S = dlq::DeadLetterStatus;
    switch (status) {
    case S::Pending:
        return DeadLetterModel::tr("Pending");
    case S::Held:
        return DeadLetterModel::tr("Held");
    case S::Replayed:
        return DeadLetterModel::tr("Replayed");
    case S::Discarded:
        return DeadLetterModel::tr("Discarded");
    case S::Quarantined:
        return DeadLetterModel::tr("Quarantined");
    case S::Superseded:
        return DeadLetterModel::tr("Superseded");
    }
    return {};
}

QString localTimeText(const std::string &isoUtc)
{
    if (isoUtc.empty())
        return {};
    const QString text = QString::fromStdString(isoUtc);
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                          : text;
}

DeadLetterModel::DeadLetterModel(DeadLetterService *service, QObject *parent)
    : QAbstractTableModel(parent), m_service(service)
{
    connect(service, &DeadLetterService::countsReady, this, &DeadLetterModel::onCounts);
    connect(service, &DeadLetterService::pageReady, this, &DeadLetterModel::onPage);
}

quint64 DeadLetterModel::currentGeneration() const
{
    return m_service->queryGeneration();
}

const dlq::DeadLetter *DeadLetterModel::letterAt(int row) const
{
    return row >= 0 && std::size_t(row) < m_letters.size() ? &m_letters[std::size_t(row)] : nullptr;
}

int DeadLetterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_letters.size());
}

int DeadLetterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

QString oneLine(const std::string &text, qsizetype width)
{
    QString line = QString::fromStdString(text.substr(0, std::size_t(width) * 2));
    line.replace(u'\n', u' ');
    return line.size() > width ? line.left(width - 1) + QChar(0x2026) : line;
}

} // namespace

QVariant DeadLetterModel::data(const QModelIndex &index, int role) const
{
    const dlq::DeadLetter *letter = letterAt(index.row());
    if (!letter || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const bool quarantined = letter->status == dlq::DeadLetterStatus::Quarantined;
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Time:
            return localTimeText(letter->deadLetteredAt);
        case Table:
            return QString::fromStdString(letter->table);
        case Key:
            return oneLine(letter->key, 60);
        case ErrorClass:
            return QString::fromStdString(letter->errorClass);
        case Message:
            return oneLine(letter->message, 160);
        case Attempts:
            return letter->attempts;
        case Replays:
            return letter->replayCount;
        case Status:
            return statusText(letter->status);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Message)
            return QString::fromStdString(letter->message);
        if (quarantined)
            return tr("Quarantined by the loop guard: replays failed too often. It is not "
                      "replayed again until you replay it explicitly by selecting it.");
        return {};
    case Qt::ForegroundRole:
        if (quarantined)
            return QBrush(QColor(0xb0, 0x30, 0x20));
        if (letter->status == dlq::DeadLetterStatus::Replayed ||
            letter->status == dlq::DeadLetterStatus::Discarded)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::FontRole:
        if (quarantined && index.column() == Status) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Attempts || index.column() == Replays)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case IdRole:
        return qint64(letter->id);
    default:
        return {};
    }
}

QVariant DeadLetterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Time:
        return tr("Time");
    case Table:
        return tr("Table");
    case Key:
        return tr("Key");
    case ErrorClass:
        return tr("Error class");
    case Message:
        return tr("Message");
    case Attempts:
        return tr("Attempts");
    case Replays:
        return tr("Replays");
    case Status:
        return tr("Status");
    case ColumnCount:
        break;
    }
    return {};
}

bool DeadLetterModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_fetching && m_generation == currentGeneration();
}

void DeadLetterModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    m_service->fetchPage(m_letters.empty() ? 0 : m_letters.back().id, kPageSize);
}

void DeadLetterModel::onCounts(quint64 generation, const DeadLetterCounts &counts)
{
    if (generation != currentGeneration())
        return;
    beginResetModel();
    m_letters.clear();
    m_generation = generation;
    m_total = counts.error.isEmpty() ? counts.total : 0;
    m_atEnd = m_total == 0;
    m_fetching = false;
    endResetModel();
    emit countsChanged(counts);
    if (!counts.error.isEmpty())
        emit loadFailed(counts.error);
    if (m_atEnd)
        emit pageLoaded(); // nothing to fetch
    else
        fetchMore({}); // the first page, with or without a view
}

void DeadLetterModel::onPage(quint64 generation, const DeadLetterPagePtr &page)
{
    if (generation != m_generation)
        return;
    if (!page->error.isEmpty()) {
        m_fetching = false;
        m_atEnd = true;
        emit loadFailed(page->error);
        return;
    }
    m_atEnd = page->atEnd;
    if (!page->letters.empty()) {
        // Still fetching while the rows go in: a view (or a tester) asking for more from the
        // insertion signals must wait for the next id.
        const int first = int(m_letters.size());
        beginInsertRows({}, first, first + int(page->letters.size()) - 1);
        m_letters.insert(m_letters.end(), page->letters.begin(), page->letters.end());
        endInsertRows();
    }
    m_fetching = false;
    emit pageLoaded();
}

} // namespace syncline::ui
