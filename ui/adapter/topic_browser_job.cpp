#include "topic_browser_job.h"

#include "transport/kafka/browse_types.h"
#include "transport/kafka/topic_browser.h"

#include <QMetaObject>

#include <exception>

namespace syncline::ui {

namespace {

kafka::BrowseDeadline deadlineIn(int ms)
{
    return kafka::BrowseClock::now() + std::chrono::milliseconds(ms);
}

} // namespace

TopicBrowserJob::TopicBrowserJob(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<kafka::TopicListing>();
    qRegisterMetaType<kafka::OpenResult>();
    qRegisterMetaType<MessagePagePtr>();
    for (Worker *worker : {&m_lister, &m_reader}) {
        worker->context.moveToThread(&worker->thread);
        worker->thread.start();
    }
    m_lister.thread.setObjectName(QStringLiteral("topic-lister"));
    m_reader.thread.setObjectName(QStringLiteral("topic-reader"));
}

TopicBrowserJob::~TopicBrowserJob()
{
    for (Worker *worker : {&m_lister, &m_reader}) {
        renew(*worker);
        worker->thread.quit();
    }
    for (Worker *worker : {&m_lister, &m_reader})
        worker->thread.wait();
}

TopicBrowserJob::Flag TopicBrowserJob::renew(Worker &worker)
{
    worker.cancel->store(true);
    worker.cancel = std::make_shared<std::atomic<bool>>(false);
    return worker.cancel;
}

template <typename Work> void TopicBrowserJob::post(Worker &worker, Work work)
{
    QMetaObject::invokeMethod(&worker.context, std::move(work), Qt::QueuedConnection);
}

void TopicBrowserJob::setConnection(const TopicConnection &connection)
{
    m_connection = connection;
    ++m_listGeneration;
    ++m_readGeneration;
    renew(m_lister);
    renew(m_reader);
    // The clients of the old connection go on their own threads, in order with other work.
    post(m_lister, [this] { m_browser.reset(); });
    post(m_reader, [this] { m_topicReader.reset(); });
}

template <typename Result, typename Work, typename Deliver>
void TopicBrowserJob::run(Worker &worker, const Flag &cancel, Work work, Deliver deliver)
{
    post(worker, [this, cancel, work = std::move(work), deliver = std::move(deliver)]() mutable {
        Result result;
        if (cancel->load()) {
            result.outcome = kafka::BrowseOutcome::Cancelled;
        } else {
            try {
                result = work();
            } catch (const std::exception &error) { // a property librdkafka refuses
                result.outcome = kafka::BrowseOutcome::Failed;
                result.error = error.what();
            }
        }
        QMetaObject::invokeMethod(
            this,
            [deliver = std::move(deliver), result = std::move(result)]() mutable {
                deliver(std::move(result));
            },
            Qt::QueuedConnection);
    });
}

quint64 TopicBrowserJob::listTopics()
{
    const quint64 generation = ++m_listGeneration;
    const Flag cancel = renew(m_lister);
    run<kafka::TopicListing>(
        m_lister, cancel,
        [this, cancel, connection = m_connection.toBrowse(), timeoutMs = m_timeoutMs] {
            if (!m_browser)
                m_browser = std::make_unique<kafka::TopicBrowser>(connection);
            return m_browser->listTopics(deadlineIn(timeoutMs), cancel.get());
        },
        [this, generation](kafka::TopicListing listing) {
            if (generation == m_listGeneration)
                emit topicsListed(generation, listing);
        });
    return generation;
}

quint64 TopicBrowserJob::openTopic(const QString &topic, const kafka::StartPosition &start,
                                   const kafka::MessageFilter &filter)
{
    const quint64 generation = ++m_readGeneration;
    const Flag cancel = renew(m_reader);
    run<kafka::OpenResult>(
        m_reader, cancel,
        [this, cancel, connection = m_connection.toBrowse(), timeoutMs = m_timeoutMs,
         name = topic.toStdString(), start, filter] {
            if (!m_topicReader)
                m_topicReader = std::make_unique<kafka::TopicReader>(connection);
            return m_topicReader->open(name, start, filter, deadlineIn(timeoutMs), cancel.get());
        },
        [this, generation](kafka::OpenResult result) {
            if (generation == m_readGeneration)
                emit topicOpened(generation, result);
        });
    return generation;
}

namespace {

struct CountedPage : kafka::MessagePage
{
    qint64 scanned = 0; // since the read was opened
    qint64 matched = 0;
};

} // namespace

void TopicBrowserJob::fetchPage(int maxMatched)
{
    const quint64 generation = m_readGeneration;
    const Flag cancel = m_reader.cancel;
    run<CountedPage>(
        m_reader, cancel,
        [this, cancel, timeoutMs = m_timeoutMs, maxMatched] {
            CountedPage page;
            if (!m_topicReader) {
                page.outcome = kafka::BrowseOutcome::Failed;
                page.error = "no topic is open";
                return page;
            }
            static_cast<kafka::MessagePage &>(page) = m_topicReader->nextPage(
                std::size_t(std::max(maxMatched, 1)), deadlineIn(timeoutMs), cancel.get());
            page.scanned = m_topicReader->scanned();
            page.matched = m_topicReader->matched();
            return page;
        },
        [this, generation](CountedPage page) {
            if (generation != m_readGeneration)
                return;
            const qint64 scanned = page.scanned;
            const qint64 matched = page.matched;
            emit pageReady(generation, std::make_shared<const kafka::MessagePage>(std::move(page)),
                           scanned, matched);
        });
}

void TopicBrowserJob::cancelRead()
{
    ++m_readGeneration;
    renew(m_reader);
}

} // namespace syncline::ui
