// The alert rules as the headless runner applies them: each alert is logged as it fires and as
// it clears, at the level of its severity.

#include "pipeline_fixture.h"
#include "poisoned_pipeline.h"
#include "server_test.h"

#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestAlertRules : public ServerTest
{
    Q_OBJECT

private:
    // A pipeline whose target refuses a negative balance, streaming, after the source inserted
    // `rows` into it.
    std::unique_ptr<PipelineFixture> rejecting(const QString &name, const QString &topLevel,
                                               const QString &sinkOptions, const QString &rows)
    {
        auto f = poisonedPipeline(name, 0);
        if (!topLevel.isEmpty())
            f->setTopLevel(topLevel);
        f->setSinkOptions(sinkOptions);
        m_problem = f->startStreaming();
        if (m_problem.isEmpty())
            m_problem = f->waitUntilInSync();
        if (!m_problem.isEmpty())
            return nullptr;
        source().exec(f->db, u"INSERT INTO acct VALUES "_s + rows);
        return f;
    }

    QString m_problem;

private slots:
    // A change the target rejects is retried (retrying fires at once with retrying_for: 0s and
    // clears when the pipeline streams again), then dead-lettered (dead_letters fires, and
    // clears after its quiet time).
    void retryingAndDeadLettersFireAndClear()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = rejecting(u"alerted"_s,
                          u"alerts:\n  retrying_for: 0s\n  dead_letters_clear_after: 3s\n"_s,
                          u"    max_retries: 1\n"_s, u"(1, -5), (2, 2)"_s));
        QVERIFY2(f, qPrintable(m_problem));
        auto &runner = f->runner;
        QVERIFY2(runner.waitForOutput(u"[alerts] alert retrying: retrying:"_s, 60000),
                 qPrintable(runner.outputTail()));
        QVERIFY(runner.output().contains(u"WARN  [alerted] [alerts] alert retrying"_s));
        QVERIFY2(runner.waitForOutput(u"alert retrying cleared"_s, 60000),
                 qPrintable(runner.outputTail()));
        QVERIFY2(runner.waitForOutput(u"alert dead_letters: 1 new dead letter"_s, 60000),
                 qPrintable(runner.outputTail()));
        QVERIFY2(runner.waitForOutput(u"alert dead_letters cleared"_s, 30000),
                 qPrintable(runner.outputTail()));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // on_error: stop ends the pipeline at the rejection: pipeline_failed fires, as an error.
    void aFailedPipelineAlerts()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = rejecting(u"alertfail"_s, {},
                                        u"    max_retries: 0\n    on_error: stop\n"_s,
                                        u"(1, -5)"_s));
        QVERIFY2(f, qPrintable(m_problem));
        QVERIFY2(f->runner.waitForOutput(u"alert pipeline_failed: the pipeline failed:"_s, 60000),
                 qPrintable(f->runner.outputTail()));
        QVERIFY(f->runner.output().contains(u"ERROR [alertfail] [alerts] alert pipeline_failed"_s));
    }

    // A rule listed under disabled stays quiet.
    void aDisabledRuleStaysQuiet()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = rejecting(u"alertoff"_s, u"alerts:\n  disabled: [dead_letters]\n"_s,
                                        u"    max_retries: 0\n"_s, u"(1, -5)"_s));
        QVERIFY2(f, qPrintable(m_problem));
        QVERIFY2(f->runner.waitForOutput(u"dead-lettered"_s, 60000),
                 qPrintable(f->runner.outputTail()));
        QTest::qWait(2500); // two evaluations at least
        QVERIFY2(!f->runner.output().contains(u"alert dead_letters"_s),
                 qPrintable(f->runner.outputTail()));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }
};

QTEST_GUILESS_MAIN(TestAlertRules)
#include "tst_alert_rules.moc"
