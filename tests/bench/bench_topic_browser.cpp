// GUI-thread cost of the Topics page's message browser on a 1,000,000-message topic held by
// librdkafka's mock cluster in this process: time to open the topic and show the first page,
// time per fetchMore page, and the longest GUI-thread block while scrolling through 10 pages
// (every event-loop pass and every model/view call timed on the GUI thread).
//
//   ninja -C build/dev bench_topic_browser
//   QT_QPA_PLATFORM=offscreen build/dev/tests/bench/bench_topic_browser [messages]

#include "fixture_producer.h"
#include "kafka_mock.h"
#include "models/topic_message_model.h"
#include "topic_browser_job.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QTableView>
#include <QTextStream>

#include <algorithm>

using namespace syncline::test;
using namespace syncline::ui;
using namespace Qt::StringLiterals;

namespace {

QTextStream out(stdout);
double g_longestBlockMs = 0;

// Runs `call` on the GUI thread and records how long it blocked.
template <typename Call> double timed(Call call)
{
    QElapsedTimer timer;
    timer.start();
    call();
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    if (qEnvironmentVariableIsSet("BENCH_TRACE") && ms > 16)
        out << "  block " << ms << " ms\n" << Qt::flush;
    g_longestBlockMs = std::max(g_longestBlockMs, ms);
    return ms;
}

// Processes events pass by pass (each pass timed) until `done`; the wall time in ms.
template <typename Done> double spinUntil(Done done, int timeoutMs = 60000)
{
    QElapsedTimer wall;
    wall.start();
    while (!done() && wall.elapsed() < timeoutMs) {
        timed([] { QCoreApplication::processEvents(QEventLoop::AllEvents); });
        QThread::usleep(200);
    }
    return double(wall.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int messages = argc > 1 ? QByteArray(argv[1]).toInt() : 1000000;
    constexpr int kPartitions = 4;

    KafkaMockCluster kafka;
    kafka.createTopic(u"bench"_s, kPartitions);
    QElapsedTimer produceTimer;
    produceTimer.start();
    {
        FixtureProducer producer(kafka.bootstrap());
        for (int i = 0; i < messages; ++i)
            producer.produce(u"bench"_s, {i % kPartitions,
                                          "key-" + QByteArray::number(i),
                                          "{\"id\":" + QByteArray::number(i) +
                                              ",\"note\":\"row of the benchmark\",\"qty\":" +
                                              QByteArray::number(i % 97) + "}",
                                          0,
                                          {{"source", "bench"}}});
        producer.flush();
    }
    out << "produced " << messages << " messages in " << produceTimer.elapsed() << " ms\n";

    TopicBrowserJob job;
    job.setConnection({{}, kafka.bootstrap(), {}});
    TopicMessageModel model(&job);
    QTableView view;
    view.resize(1200, 800);
    view.setModel(&model);
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // as on the page
    view.verticalHeader()->setDefaultSectionSize(view.fontMetrics().height() + 6);
    view.show();
    // The window's first paint (backing store, fonts) is not the browser's cost.
    QElapsedTimer warmUp;
    warmUp.start();
    spinUntil([&] { return warmUp.elapsed() > 300; });
    g_longestBlockMs = 0;

    const double openCall = timed([&] { model.open(u"bench"_s, {}, {}); });
    const double firstPage = spinUntil([&] { return model.rowCount() > 0; });
    out << "open topic + first page: " << firstPage << " ms wall (open() call " << openCall
        << " ms on the GUI thread), " << model.rowCount() << " rows\n";
    spinUntil([&] { return model.state() != TopicMessageModel::State::Fetching; });

    double pageWall = 0;
    double paintMax = 0;
    double fetchCall = 0;
    constexpr int kPages = 10;
    for (int page = 0; page < kPages; ++page) {
        const int before = model.rowCount();
        // What a user does: scroll to the bottom; the view asks the model for more.
        fetchCall = std::max(fetchCall, timed([&] { view.scrollToBottom(); }));
        if (model.canFetchMore())
            fetchCall = std::max(fetchCall, timed([&] { model.fetchMore(); }));
        pageWall += spinUntil([&] {
            return model.rowCount() > before && model.state() != TopicMessageModel::State::Fetching;
        });
        paintMax = std::max(paintMax, timed([&] { view.viewport()->repaint(); }));
    }
    out << "fetchMore page (" << TopicMessageModel::kPageSize << " rows): " << pageWall / kPages
        << " ms wall on average over " << kPages << " pages; longest scroll/fetchMore call "
        << fetchCall << " ms\n";
    out << "longest repaint of the visible rows: " << paintMax << " ms\n";
    out << "rows " << model.rowCount() << ", " << model.statusText() << '\n';
    out << "longest GUI-thread block while opening and scrolling: " << g_longestBlockMs << " ms\n";
    return g_longestBlockMs < 16 ? 0 : 1;
}
