// How the console writes a pipeline's state (Format::stateText), which the Pipelines page's
// State column and its inline message show: an incremental snapshot's progress is the streaming
// state's detail, as the engine reports it.

#include "format.h"
#include "gui_test_main.h"

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "pipeline/pipeline_status.h"
#endif

#include <QLocale>

using namespace syncline;
using namespace syncline::ui;
using namespace Qt::StringLiterals;

class TestFormat : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void stateText_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("detail");
        QTest::addColumn<QString>("expected");
        auto row = [](const char *name, PipelineState state, const QString &detail,
                      const QString &expected) {
            QTest::addRow("%s", name) << int(state) << detail << expected;
        };
        // The detail the source reports while it copies a table in chunks (see
        // IncrementalSnapshot): the table, the chunks and the rows so far.
        row("copying", PipelineState::Streaming, u"copying public.orders: 12 chunks, 49152 rows"_s,
            u"Streaming · copying public.orders: 12 chunks, 49152 rows"_s);
        // Between two tables of a copy the detail names the next one only.
        row("next table", PipelineState::Streaming, u"copying public.items"_s,
            u"Streaming · copying public.items"_s);
        row("copy done", PipelineState::Streaming, QString(), u"Streaming"_s);
        row("retrying", PipelineState::Retrying, u"connection refused"_s,
            u"Retrying (attempt 3): connection refused"_s);
        row("failed", PipelineState::Failed, u"no such table"_s, u"Failed: no such table"_s);
        row("paused", PipelineState::Paused, u"ignored"_s, u"Paused"_s);
    }

    void stateText()
    {
        QFETCH(int, state);
        QFETCH(QString, detail);
        QFETCH(QString, expected);
        PipelineStatus status;
        status.state = PipelineState(state);
        status.detail = detail.toStdString();
        status.retryAttempt = 3;
        QCOMPARE(Format::stateText(status), expected);
    }

    void snapshottingShowsPercentAndEta()
    {
        PipelineStatus status;
        status.state = PipelineState::Snapshotting;
        status.snapshotRowsCopied = 420;
        status.snapshotRowsEstimated = 1000;
        QCOMPARE(Format::stateText(status, 200.0), u"Snapshotting 42 % · ETA 3 min 20 s"_s);
        status.snapshotRowsEstimated = 0; // unknown: the rows so far
        QCOMPARE(Format::stateText(status), u"Snapshotting: 420 rows"_s);
    }
};

SYNCLINE_GUI_TEST_MAIN(TestFormat)
#include "tst_format.moc"
