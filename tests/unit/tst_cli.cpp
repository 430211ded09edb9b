// The runner's command line as a user meets it: --help, each command's own help, the man pages
// made from the same reference, and clear answers (exit 2) to options a command does not take.

#include "syncline_runner.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using syncline::test::SynclineRunner;

class CliTest : public QObject
{
    Q_OBJECT

private slots:
    void helpListsEveryCommand()
    {
        const auto [code, output] = SynclineRunner::runOnce({QStringLiteral("--help")});
        QCOMPARE(code, 0);
        for (const char *command :
             {"run", "validate", "status", "snapshot", "verify", "repair", "connectors", "dlq"})
            QVERIFY2(output.contains(QStringLiteral("\n  %1 ").arg(QLatin1String(command))),
                     command);
        QVERIFY(output.contains(QStringLiteral("exit codes:")));
    }

    void commandHelpGivesItsOptions()
    {
        const auto [code, output] =
            SynclineRunner::runOnce({QStringLiteral("verify"), QStringLiteral("--help")});
        QCOMPARE(code, 0);
        QVERIFY(output.startsWith(QStringLiteral("usage: syncline verify <pipeline.yaml>")));
        QVERIFY(output.contains(QStringLiteral("--max-rows-per-second N")));
        QVERIFY(output.contains(QStringLiteral("--report file")));
        QVERIFY(!output.contains(QStringLiteral("--offline")));

        const auto [dlqCode, dlq] =
            SynclineRunner::runOnce({QStringLiteral("dlq"), QStringLiteral("--help")});
        QCOMPARE(dlqCode, 0);
        QVERIFY(dlq.contains(QStringLiteral("actions:")));
        QVERIFY(dlq.contains(QStringLiteral("--loop-guard N")));
    }

    void optionsOfAnotherCommandAreRefused()
    {
        const auto [code, output] = SynclineRunner::runOnce(
            {QStringLiteral("status"), QStringLiteral("--dry-run"), QStringLiteral("p.yaml")});
        QCOMPARE(code, 2);
        QVERIFY(output.contains(QStringLiteral("syncline status: unknown option --dry-run")));
        QVERIFY(output.contains(QStringLiteral("usage: syncline status")));
    }

    void aMissingValueIsNamed()
    {
        const auto [code, output] = SynclineRunner::runOnce(
            {QStringLiteral("verify"), QStringLiteral("p.yaml"), QStringLiteral("--table")});
        QCOMPARE(code, 2);
        QVERIFY2(output.contains(QStringLiteral("--table needs a value (schema.table)")),
                 qPrintable(output));
    }

    void versionIsTheProjects()
    {
        const auto [code, output] = SynclineRunner::runOnce({QStringLiteral("--version")});
        QCOMPARE(code, 0);
        QCOMPARE(output.trimmed(), QStringLiteral("syncline " SYNCLINE_VERSION));
    }

    void manPagesCoverEveryCommandAndRender()
    {
        QTemporaryDir dir;
        const auto [code, output] =
            SynclineRunner::runOnce({QStringLiteral("manpages"), dir.path()});
        QCOMPARE(code, 0);
        const QStringList pages = QDir(dir.path()).entryList({QStringLiteral("*.1")});
        QCOMPARE(pages.size(), 9);
        for (const QString &page : pages) {
            QProcess groff;
            groff.setProcessChannelMode(QProcess::MergedChannels);
            groff.start(QStringLiteral("groff"),
                        {QStringLiteral("-man"), QStringLiteral("-Tutf8"),
                         QStringLiteral("-P-cbou"), QStringLiteral("-ww"), dir.filePath(page)});
            QVERIFY(groff.waitForFinished(30000));
            const QString text = QString::fromUtf8(groff.readAll());
            QVERIFY2(!text.contains(QStringLiteral("warning")), qPrintable(page + text));
            QVERIFY2(text.contains(QStringLiteral("EXIT STATUS")), qPrintable(page));
        }
        QFile repair(dir.filePath(QStringLiteral("syncline-repair.1")));
        QVERIFY(repair.open(QIODevice::ReadOnly));
        const QString roff = QString::fromUtf8(repair.readAll());
        QVERIFY(roff.contains(QStringLiteral("\\fB\\-\\-dry\\-run\\fR")));
        QVERIFY(roff.startsWith(QStringLiteral(".TH SYNCLINE-REPAIR 1")));
    }
};

QTEST_GUILESS_MAIN(CliTest)
#include "tst_cli.moc"
