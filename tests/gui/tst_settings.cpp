// The console's settings: recent files (most recent first, no repeats, capped), the chart window,
// and window state that is ignored when saved by another layout version.

#include "gui_test_main.h"
#include "settings.h"

#include <QSettings>
#include <QSignalSpy>

using namespace syncline::ui;
using namespace Qt::StringLiterals;

class TestSettings : public QObject
{
    Q_OBJECT

private slots:
    void init() { QSettings().clear(); }

    void recentFilesAreMostRecentFirstWithoutRepeats()
    {
        Settings settings;
        QSignalSpy changed(&settings, &Settings::recentFilesChanged);
        settings.addRecentFile(u"/a.yaml"_s);
        settings.addRecentFile(u"/b.yaml"_s);
        settings.addRecentFile(u"/a.yaml"_s);
        QCOMPARE(settings.recentFiles(), (QStringList{u"/a.yaml"_s, u"/b.yaml"_s}));
        QCOMPARE(changed.count(), 3);
        for (int i = 0; i < 20; ++i)
            settings.addRecentFile(u"/%1.yaml"_s.arg(i));
        QCOMPARE(settings.recentFiles().size(), Settings::kMaxRecentFiles);
        QCOMPARE(settings.recentFiles().first(), u"/19.yaml"_s);
        settings.clearRecentFiles();
        QVERIFY(Settings().recentFiles().isEmpty());
    }

    void chartWindowPersists()
    {
        QCOMPARE(Settings().chartWindowSeconds(), 300);
        Settings().setChartWindowSeconds(3600);
        QCOMPARE(Settings().chartWindowSeconds(), 3600);
    }

    void windowStateOfAnotherLayoutIsIgnored()
    {
        Settings settings;
        settings.setWindow("geometry", "state");
        QCOMPARE(Settings().windowState(), QByteArray("state"));
        QCOMPARE(Settings().windowGeometry(), QByteArray("geometry"));
        QSettings().setValue(u"window/stateVersion"_s, Settings::kWindowStateVersion + 1);
        QVERIFY(Settings().windowState().isEmpty());
        QCOMPARE(Settings().windowGeometry(), QByteArray("geometry"));
    }
};

SYNCLINE_GUI_TEST_MAIN(TestSettings)
#include "tst_settings.moc"
