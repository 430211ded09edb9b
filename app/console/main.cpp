// syncline-console [--start] [pipeline.yaml...]: the desktop console.

#include "main_window.h"
#include "pipeline_controller.h"
#include "stop_signals.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace {

// The console's own translation (built into the binary) and Qt's, for the user's locale. English
// plural forms first: a translator installed later is asked first.
void installTranslations(QApplication &app)
{
    auto *plurals = new QTranslator(&app);
    if (plurals->load(QStringLiteral(":/i18n/syncline_en")))
        QApplication::installTranslator(plurals);
    auto *own = new QTranslator(&app);
    if (own->load(QLocale(), QStringLiteral("syncline"), QStringLiteral("_"),
                  QStringLiteral(":/i18n")))
        QApplication::installTranslator(own);
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Syncline"));
    QApplication::setApplicationName(QStringLiteral("syncline-console"));
    QApplication::setApplicationVersion(QStringLiteral(SYNCLINE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.syncline.Console"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/syncline.svg")));
    installTranslations(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Runs and watches Syncline pipelines."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption start(
        QStringLiteral("start"),
        QApplication::translate("main", "Start the pipelines after opening them."));
    parser.addOption(start);
    parser.addPositionalArgument(QStringLiteral("files"),
                                 QApplication::translate("main", "Pipeline files to open."),
                                 QStringLiteral("[pipeline.yaml...]"));
    parser.process(app);

    syncline::ui::MainWindow window;
    const auto opened = window.openFiles(parser.positionalArguments());
    if (parser.isSet(start)) {
        for (syncline::ui::PipelineController *controller : opened)
            controller->start();
    }
    StopSignals stopSignals;
    QObject::connect(&stopSignals, &StopSignals::stopRequested, &window,
                     &syncline::ui::MainWindow::stopAllAndQuit);
    window.show();
    return QApplication::exec();
}
