// VerifyJob without servers: a pipeline file with problems, an unreachable source and a
// repair Repairer refuses all end as values in finished(); one run at a time; a dropped run
// delivers nothing, and the next one runs.

#include "verify_job.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using namespace syncline::ui;
using namespace Qt::StringLiterals;

namespace {

QString writeFile(const QTemporaryDir &dir, const QString &name, const QString &text)
{
    const QString file = dir.filePath(name);
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    out.write(text.toUtf8());
    return file;
}

// A pipeline whose servers do not answer (nothing listens on port 1).
QString unreachablePipeline(const QTemporaryDir &dir)
{
    return writeFile(dir, u"unreachable.yaml"_s,
                     u"pipeline: unreachable\n"
                     "state_dir: %1\n"
                     "source:\n"
                     "  type: postgres\n"
                     "  dsn: \"host=127.0.0.1 port=1 dbname=shop connect_timeout=2\"\n"
                     "  tables: [public.items]\n"
                     "sinks:\n"
                     "  - name: replica\n"
                     "    type: postgres\n"
                     "    dsn: \"host=127.0.0.1 port=1 dbname=replica connect_timeout=2\"\n"_s.arg(
                         dir.filePath(u"state"_s)));
}

VerifyOutcome outcomeOf(const QSignalSpy &finished, int index = 0)
{
    return finished.at(index).at(1).value<VerifyOutcome>();
}

} // namespace

class TestVerifyJob : public QObject
{
    Q_OBJECT

private slots:
    void aFileWithProblemsIsAnError()
    {
        QTemporaryDir dir;
        const QString file = writeFile(dir, u"broken.yaml"_s, u"pipeline: [\n"_s);
        VerifyJob job;
        QSignalSpy finished(&job, &VerifyJob::finished);
        const quint64 generation = job.verify(file, {});
        QVERIFY(generation > 0);
        QVERIFY(job.isRunning());
        QCOMPARE(job.verify(file, {}), 0u); // one run at a time
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(0).at(0).toULongLong(), generation);
        const VerifyOutcome outcome = outcomeOf(finished);
        QCOMPARE(outcome.kind, VerifyOutcome::Kind::Verify);
        QVERIFY2(outcome.error.contains(u"problems"_s), qPrintable(outcome.error));
        QVERIFY(outcome.results.empty());
        QVERIFY(!outcome.cancelled);
        QVERIFY(!job.isRunning());
    }

    void anUnreachableSourceIsAnError()
    {
        QTemporaryDir dir;
        VerifyJob job;
        QSignalSpy finished(&job, &VerifyJob::finished);
        QSignalSpy passes(&job, &VerifyJob::passStarted);
        QVERIFY(job.verify(unreachablePipeline(dir), u"replica"_s) > 0);
        QVERIFY(finished.wait(30000));
        const VerifyOutcome outcome = outcomeOf(finished);
        QVERIFY(!outcome.error.isEmpty());
        QVERIFY(outcome.results.empty());
        QCOMPARE(passes.count(), 0); // it never got to compare
    }

    void aRepairRepairerRefusesIsAnError()
    {
        QTemporaryDir dir;
        verify::TableResult result; // counted one difference but kept none: cannot be repaired
        result.sink = "replica";
        result.table = "public.items";
        result.different = 1;
        VerifyJob job;
        QSignalSpy finished(&job, &VerifyJob::finished);
        QVERIFY(job.repair(unreachablePipeline(dir), u"replica"_s, {result}, u"test@host"_s) > 0);
        QVERIFY(finished.wait(30000));
        const VerifyOutcome outcome = outcomeOf(finished);
        QCOMPARE(outcome.kind, VerifyOutcome::Kind::Repair);
        QCOMPARE(outcome.repairedRows, 1);
        QVERIFY2(outcome.error.contains(u"more differences than verify keeps"_s),
                 qPrintable(outcome.error));
    }

    void aDroppedRunDeliversNothing()
    {
        QTemporaryDir dir;
        const QString file = unreachablePipeline(dir);
        VerifyJob job;
        QSignalSpy finished(&job, &VerifyJob::finished);
        const quint64 dropped = job.verify(file, {});
        job.drop();
        QVERIFY(!job.isRunning());
        const quint64 next = job.verify(file, {}); // queued behind the dropped one
        QVERIFY(next > dropped);
        QVERIFY(finished.wait(30000));
        QVERIFY(!finished.wait(500));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).toULongLong(), next);
    }
};

QTEST_GUILESS_MAIN(TestVerifyJob)
#include "tst_verify_job.moc"
