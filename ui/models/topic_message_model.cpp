#include "topic_message_model.h"

#include "format.h"

#include <QDateTime>
#include <QFont>

#include <algorithm>

namespace syncline::ui {

namespace {

constexpr qsizetype kPreviewBytes = 200;

QString preview(const std::optional<std::string> &bytes)
{
    if (!bytes)
        return {};
    QString text = QString::fromUtf8(
        bytes->data(), qsizetype(std::min<std::size_t>(bytes->size(), kPreviewBytes)));
    text.replace(u'\n', u' ');
    if (bytes->size() > std::size_t(kPreviewBytes))
        text += u'…';
    return text;
}

} // namespace

TopicMessageModel::TopicMessageModel(TopicBrowserJob *job, QObject *parent, qsizetype capacity)
    : QAbstractTableModel(parent), m_job(job), m_capacity(capacity)
{
    m_tailTimer.setSingleShot(true);
    m_tailTimer.setInterval(kTailIntervalMs);
    connect(&m_tailTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::AtEnd && m_liveTail)
            requestPage();
    });
    connect(job, &TopicBrowserJob::topicOpened, this, &TopicMessageModel::onOpened);
    connect(job, &TopicBrowserJob::pageReady, this, &TopicMessageModel::onPage);
}

void TopicMessageModel::open(const QString &topic, const kafka::StartPosition &start,
                             const kafka::MessageFilter &filter)
{
    beginResetModel();
    m_chunks.clear();
    m_rows = 0;
    m_scanned = m_matched = 0;
    m_topic = topic;
    m_filtered = !filter.isEmpty();
    m_tailTimer.stop();
    m_generation = m_job->openTopic(topic, start, filter);
    endResetModel();
    setState(State::Opening);
}

void TopicMessageModel::close()
{
    beginResetModel();
    m_job->cancelRead();
    m_generation = 0;
    m_chunks.clear();
    m_rows = 0;
    m_scanned = m_matched = 0;
    m_topic.clear();
    m_tailTimer.stop();
    endResetModel();
    setState(State::Idle);
}

void TopicMessageModel::setLiveTail(bool on)
{
    m_liveTail = on;
    if (on && m_state == State::AtEnd)
        requestPage();
    else if (!on)
        m_tailTimer.stop();
}

void TopicMessageModel::setState(State state, const QString &error)
{
    m_state = state;
    m_error = error;
    emit statusChanged();
}

QString TopicMessageModel::statusText() const
{
    QString counts =
        m_filtered
            ? tr("Scanned %1 · matched %2").arg(Format::count(m_scanned), Format::count(m_matched))
            : tr("Read %1").arg(Format::count(m_scanned));
    switch (m_state) {
    case State::Idle:
        return tr("Choose a topic.");
    case State::Opening:
        return tr("Opening %1…").arg(m_topic);
    case State::Ready:
        return counts;
    case State::Fetching:
        return counts + u" · " + tr("reading…");
    case State::AtEnd:
        return counts + u" · " +
               (m_liveTail ? tr("end of topic, waiting for new messages") : tr("end of topic"));
    case State::TimedOut:
        return counts + u" · " +
               (m_error.isEmpty()
                    ? tr("timed out, not at the end: scroll down to go on")
                    : tr("timed out (%1), not at the end: scroll down to go on").arg(m_error));
    case State::Capped:
        return counts + u" · " +
               tr("showing the first %1 messages; narrow the filter or start later")
                   .arg(Format::count(m_capacity));
    case State::Failed:
        return tr("Cannot read %1: %2").arg(m_topic, m_error);
    }
    return counts;
}

const kafka::BrowsedMessage &TopicMessageModel::message(int row) const
{
    const auto chunk = std::upper_bound(m_chunks.begin(), m_chunks.end(), row,
                                        [](int r, const Chunk &c) { return r < c.firstRow; }) -
                       1;
    return chunk->page->messages[std::size_t(row - chunk->firstRow)];
}

int TopicMessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int TopicMessageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TopicMessageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const kafka::BrowsedMessage &m = message(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Partition:
            return m.partition;
        case Offset:
            return qlonglong(m.offset);
        case Timestamp:
            return m.timestampMs < 0 ? QString()
                                     : QDateTime::fromMSecsSinceEpoch(m.timestampMs)
                                           .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        case Key:
            return preview(m.key);
        case Value:
            return m.value ? preview(m.value) : tr("(tombstone)");
        }
    } else if (role == Qt::FontRole && index.column() == Value && !m.value) {
        QFont font;
        font.setItalic(true);
        return font;
    } else if (role == Qt::TextAlignmentRole && index.column() <= Offset) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant TopicMessageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Partition:
        return tr("Partition");
    case Offset:
        return tr("Offset");
    case Timestamp:
        return tr("Timestamp");
    case Key:
        return tr("Key");
    case Value:
        return tr("Value");
    }
    return {};
}

bool TopicMessageModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && (m_state == State::Ready || m_state == State::TimedOut);
}

void TopicMessageModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        requestPage();
}

void TopicMessageModel::requestPage()
{
    setState(State::Fetching);
    m_job->fetchPage(int(std::min<qsizetype>(kPageSize, m_capacity - m_rows)));
}

void TopicMessageModel::onOpened(quint64 generation, const kafka::OpenResult &result)
{
    if (generation != m_generation)
        return;
    switch (result.outcome) {
    case kafka::BrowseOutcome::Done:
        requestPage(); // the first page without waiting for a view to ask
        break;
    case kafka::BrowseOutcome::TimedOut:
        setState(State::Failed, result.error.empty()
                                    ? tr("the brokers did not answer in time")
                                    : tr("the brokers did not answer in time (%1)")
                                          .arg(QString::fromStdString(result.error)));
        break;
    case kafka::BrowseOutcome::Cancelled:
        break;
    default:
        setState(State::Failed, QString::fromStdString(result.error));
    }
}

void TopicMessageModel::onPage(quint64 generation, const MessagePagePtr &page, qint64 scanned,
                               qint64 matched)
{
    if (generation != m_generation || m_state != State::Fetching)
        return;
    m_scanned = scanned;
    m_matched = matched;
    const int rows =
        int(std::min<qsizetype>(qsizetype(page->messages.size()), m_capacity - m_rows));
    if (rows > 0) {
        beginInsertRows({}, m_rows, m_rows + rows - 1);
        m_chunks.push_back({page, m_rows, rows});
        m_rows += rows;
        endInsertRows();
    }
    const QString error = QString::fromStdString(page->error);
    if (m_rows >= m_capacity)
        setState(State::Capped);
    else if (page->outcome == kafka::BrowseOutcome::Done)
        setState(State::Ready);
    else if (page->outcome == kafka::BrowseOutcome::EndOfData)
        setState(State::AtEnd);
    else if (page->outcome == kafka::BrowseOutcome::TimedOut)
        setState(State::TimedOut, error);
    else if (page->outcome == kafka::BrowseOutcome::Failed)
        setState(State::Failed, error);
    if (m_state == State::AtEnd && m_liveTail)
        m_tailTimer.start();
}

} // namespace syncline::ui
