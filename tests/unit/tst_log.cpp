// The engine's log: records carry the pipeline of the thread that wrote them (a thread-local
// tag set by log::PipelineScope), and the stderr format names it only when there is one.

#include "util/log.h"

#include <QTest>

#include <mutex>
#include <thread>
#include <vector>

using namespace syncline;

class TestLog : public QObject
{
    Q_OBJECT

private:
    std::mutex m_mutex;
    std::vector<LogRecord> m_records;

    std::vector<LogRecord> records()
    {
        std::lock_guard lock(m_mutex);
        return m_records;
    }

private slots:
    void init()
    {
        m_records.clear();
        log::setHandler([this](const LogRecord &record) {
            std::lock_guard lock(m_mutex);
            m_records.push_back(record);
        });
    }

    void cleanup() { log::setHandler(nullptr); }

    void recordsCarryTheirThreadsPipeline()
    {
        constexpr int kPerThread = 200;
        const auto writer = [](std::string name) {
            return std::thread([name] {
                log::PipelineScope scope(name);
                for (int i = 0; i < kPerThread; ++i)
                    log::info("sink." + name, name + ' ' + std::to_string(i));
            });
        };
        std::thread alpha = writer("alpha");
        std::thread beta = writer("beta");
        log::info("console", "untagged");
        alpha.join();
        beta.join();

        const auto all = records();
        QCOMPARE(all.size(), std::size_t(2 * kPerThread + 1));
        int alphas = 0, betas = 0;
        for (const LogRecord &record : all) {
            if (record.category == "console") {
                QCOMPARE(record.pipeline, std::string());
                continue;
            }
            // Interleaved, but each record names the pipeline that wrote it.
            QCOMPARE(record.pipeline, record.category.substr(5));
            QVERIFY(record.message.starts_with(record.pipeline + ' '));
            (record.pipeline == "alpha" ? alphas : betas)++;
        }
        QCOMPARE(alphas, kPerThread);
        QCOMPARE(betas, kPerThread);
        QCOMPARE(log::currentPipeline(), std::string()); // the threads' scopes were their own
    }

    void scopesNestAndRestore()
    {
        {
            log::PipelineScope outer("outer");
            log::info("t", "1");
            {
                log::PipelineScope inner("inner");
                log::info("t", "2");
                // A new thread starts untagged: a pipeline's threads capture the name and open
                // their own scope.
                std::thread([] { log::info("t", "3"); }).join();
                std::thread([name = log::currentPipeline()] {
                    log::PipelineScope scope(name);
                    log::info("t", "4");
                }).join();
            }
            log::info("t", "5");
        }
        log::info("t", "6");
        const auto all = records();
        QCOMPARE(all.size(), std::size_t(6));
        const std::vector<std::string> expected{"outer", "inner", "", "inner", "outer", ""};
        for (std::size_t i = 0; i < all.size(); ++i)
            QCOMPARE(all[i].pipeline, expected[std::stoul(all[i].message) - 1]);
    }

    void stderrFormatNamesThePipelineOnlyWhenTagged()
    {
        LogRecord record{
            LogLevel::Warning, "pipeline", "starting pipeline shop", 1'700'000'000'123, {}};
        QCOMPARE(log::formatRecord(record),
                 std::string("2023-11-14T22:13:20.123Z WARN  [pipeline] starting pipeline shop"));
        record.pipeline = "shop";
        QCOMPARE(log::formatRecord(record),
                 std::string("2023-11-14T22:13:20.123Z WARN  [shop] [pipeline] starting pipeline "
                             "shop"));
    }
};

QTEST_GUILESS_MAIN(TestLog)
#include "tst_log.moc"
