#pragma once

#include "topic_browser_job.h"

#include <QAbstractTableModel>
#include <QTimer>

#include <vector>

namespace syncline::ui {

// The messages of one topic, fetched lazily a page at a time through a TopicBrowserJob
// (canFetchMore/fetchMore, one request in flight). Rows point into the pages the job delivered
// (nothing is copied); display strings are made on demand. Keeps at most `capacity` rows and
// says so. With live tail on, asks for more every second once it reached the end.
class TopicMessageModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Partition,
        Offset,
        Timestamp,
        Key,
        Value,
        ColumnCount
    };
    enum class State
    {
        Idle,     // nothing open
        Opening,  // looking up partitions and start offsets
        Ready,    // more may come: fetchMore asks for it
        Fetching, // a page is on its way
        AtEnd,    // every partition is at its end (live tail asks again later)
        TimedOut, // the last request timed out: not the end; fetchMore tries again
        Capped,   // `capacity` rows kept; no more are fetched
        Failed
    };
    static constexpr int kPageSize = 500;
    static constexpr qsizetype kDefaultCapacity = 100000;
    static constexpr int kTailIntervalMs = 1000;

    explicit TopicMessageModel(TopicBrowserJob *job, QObject *parent = nullptr,
                               qsizetype capacity = kDefaultCapacity);

    void open(const QString &topic, const kafka::StartPosition &start,
              const kafka::MessageFilter &filter);
    void close();
    void setLiveTail(bool on);
    bool liveTail() const { return m_liveTail; }

    QString topic() const { return m_topic; }
    State state() const { return m_state; }
    QString error() const { return m_error; }
    qint64 scanned() const { return m_scanned; }
    qint64 matched() const { return m_matched; }
    qsizetype capacity() const { return m_capacity; }
    bool filtered() const { return m_filtered; }
    QString statusText() const; // "Scanned 1,234 · matched 56 · end of topic"
    const kafka::BrowsedMessage &message(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent = {}) const override;
    void fetchMore(const QModelIndex &parent = {}) override;

signals:
    void statusChanged();

private:
    struct Chunk
    {
        MessagePagePtr page;
        int firstRow = 0;
        int rows = 0; // of page->messages, from the front
    };
    void requestPage();
    void onOpened(quint64 generation, const kafka::OpenResult &result);
    void onPage(quint64 generation, const MessagePagePtr &page, qint64 scanned, qint64 matched);
    void setState(State state, const QString &error = {});

    TopicBrowserJob *m_job;
    qsizetype m_capacity;
    QTimer m_tailTimer;
    QString m_topic;
    quint64 m_generation = 0;
    State m_state = State::Idle;
    QString m_error;
    bool m_liveTail = false;
    bool m_filtered = false;
    qint64 m_scanned = 0;
    qint64 m_matched = 0;
    std::vector<Chunk> m_chunks;
    int m_rows = 0;
};

} // namespace syncline::ui
