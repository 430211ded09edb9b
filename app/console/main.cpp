// syncline-console [--start] [--metrics HOST:PORT] [pipeline.yaml...]: the desktop console.

#include "config/listen_address.h"
#include "main_window.h"
#include "metrics_endpoints.h"
#include "pipeline_controller.h"
#include "pipeline_workspace.h"
#include "stop_signals.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <iostream>

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
    const QCommandLineOption metrics(
        QStringLiteral("metrics"),
        QApplication::translate("main", "Serve the metrics of every pipeline it runs on "
                                        "http://<address>/metrics (Prometheus' text format)."),
        QStringLiteral("address"));
    parser.addOption(metrics);
    parser.addPositionalArgument(QStringLiteral("files"),
                                 QApplication::translate("main", "Pipeline files to open."),
                                 QStringLiteral("[pipeline.yaml...]"));
    parser.process(app);

    // As `syncline run --metrics`: 2 for what is not an address, 1 when it cannot listen.
    const std::string listen = parser.value(metrics).toStdString();
    if (const auto parsed = syncline::parseListenAddress(listen);
        parser.isSet(metrics) && !parsed.address) {
        std::cerr << "syncline-console: --metrics: " << parsed.problem << '\n';
        return 2;
    }

    syncline::ui::MainWindow window;
    if (parser.isSet(metrics)) {
        auto &endpoints = window.workspace()->metricsEndpoints();
        try {
            endpoints.serveAll(listen);
        } catch (const syncline::MetricsEndpointError &error) {
            std::cerr << "syncline-console: " << error.what() << '\n';
            return 1;
        }
        std::cout << "syncline-console: serving Prometheus metrics on " << endpoints.allUrl()
                  << std::endl;
    }
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
