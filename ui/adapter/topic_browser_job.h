#pragma once

#include "topic_connection.h"
#include "transport/kafka/topic_reader.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace syncline::kafka {
class TopicBrowser;
}

namespace syncline::ui {

using MessagePagePtr = std::shared_ptr<const kafka::MessagePage>;

// Runs the Topics page's blocking calls (core's TopicBrowser and TopicReader) on two worker
// threads, one for listing and one for reading, and delivers the results as signals on the
// thread the job lives in. Each request gets a generation; a new request of the same kind
// cancels the one running (it returns within about 200 ms) and results of an older generation
// are dropped, so a slow answer never overwrites a newer one.
class TopicBrowserJob : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultTimeoutMs = 5000;

    explicit TopicBrowserJob(QObject *parent = nullptr);
    ~TopicBrowserJob() override; // cancels what runs and waits for the worker threads

    // Cancels everything; later calls use `connection`.
    void setConnection(const TopicConnection &connection);
    const TopicConnection &connection() const { return m_connection; }
    // The deadline of each call (a listing, an open, a page).
    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }
    int timeoutMs() const { return m_timeoutMs; }

    quint64 listTopics();
    // Starts a new read (cancelling the current one); topicOpened() says how it went.
    quint64 openTopic(const QString &topic, const kafka::StartPosition &start,
                      const kafka::MessageFilter &filter);
    // The next page of the current read: up to `maxMatched` matching messages.
    void fetchPage(int maxMatched);
    void cancelRead();
    quint64 readGeneration() const { return m_readGeneration; }

signals:
    void topicsListed(quint64 generation, const syncline::kafka::TopicListing &listing);
    void topicOpened(quint64 generation, const syncline::kafka::OpenResult &result);
    // `scanned` and `matched` count since the read was opened.
    void pageReady(quint64 generation, const syncline::ui::MessagePagePtr &page, qint64 scanned,
                   qint64 matched);

private:
    using Flag = std::shared_ptr<std::atomic<bool>>;
    struct Worker
    {
        QThread thread;
        QObject context; // lives in `thread`; work is posted to it
        Flag cancel = std::make_shared<std::atomic<bool>>(false);
    };
    // Cancels the worker's current request and gives it a fresh flag for the next.
    static Flag renew(Worker &worker);
    template <typename Work> void post(Worker &worker, Work work);
    // Runs `work` (returning a result with an outcome and an error) on the worker unless
    // cancelled first, then `deliver` with its result on this object's thread.
    template <typename Result, typename Work, typename Deliver>
    void run(Worker &worker, const Flag &cancel, Work work, Deliver deliver);

    TopicConnection m_connection;
    int m_timeoutMs = kDefaultTimeoutMs;
    quint64 m_listGeneration = 0;
    quint64 m_readGeneration = 0;
    Worker m_lister;
    Worker m_reader;
    // Touched on the worker threads only.
    std::unique_ptr<kafka::TopicBrowser> m_browser;
    std::unique_ptr<kafka::TopicReader> m_topicReader;
};

} // namespace syncline::ui
