// console_screenshot [--dark] [--page N] [--select NAME] [--table] pipeline.yaml...: the
// console's MainWindow filling the screen, in the Fusion style with a light or dark palette,
// the given pipelines opened and started. For README screenshots under Xvfb (see
// packaging/screenshots.sh); prints "ready" once the window shows.

#include "main_window.h"
#include "pages/overview_page.h"
#include "pages/pipelines_page.h"
#include "pipeline_controller.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPalette>
#include <QScreen>
#include <QStyle>
#include <QStyleFactory>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xdf, 0xe1, 0xe5);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
    p.setColor(QPalette::Button, QColor(0x3c, 0x3f, 0x44));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Mid, QColor(0x55, 0x58, 0x5e));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Highlight, QColor(0x35, 0x74, 0xf0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6f, 0xa8, 0xff));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x80, 0x83, 0x88));
    return p;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SynclineScreenshots"));
    QApplication::setApplicationName(QStringLiteral("console_screenshot"));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    // The English plural forms, as syncline-console builds them in ("1 alert", not "1 alert(s)").
    QTranslator plurals;
    if (plurals.load(QCoreApplication::applicationDirPath() +
                     QStringLiteral("/../../app/console/syncline_en.qm")))
        QApplication::installTranslator(&plurals);
    QCommandLineParser parser;
    const QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("A dark palette."));
    const QCommandLineOption page(QStringLiteral("page"), QStringLiteral("The page to show."),
                                  QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption select(QStringLiteral("select"),
                                    QStringLiteral("The pipeline to select."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption table(QStringLiteral("table"), QStringLiteral("The table view."));
    const QCommandLineOption noStart(QStringLiteral("no-start"),
                                     QStringLiteral("Do not start the pipelines."));
    parser.addOptions({dark, page, select, table, noStart});
    parser.addHelpOption();
    parser.process(app);
    QApplication::setPalette(parser.isSet(dark) ? darkPalette()
                                                : QApplication::style()->standardPalette());

    syncline::ui::MainWindow window;
    const auto opened = window.openFiles(parser.positionalArguments());
    if (!parser.isSet(noStart))
        for (syncline::ui::PipelineController *controller : opened)
            controller->start();
    for (syncline::ui::PipelineController *controller : opened)
        if (controller->name() == parser.value(select))
            window.pipelinesPage()->select(controller);
    if (parser.isSet(table))
        window.overviewPage()->setView(syncline::ui::OverviewPage::View::Table);
    window.showPage(syncline::ui::MainWindow::Page(parser.value(page).toInt()));
    window.setGeometry(QGuiApplication::primaryScreen()->geometry());
    window.show();
    QTimer::singleShot(500, [] {
        std::puts("ready");
        std::fflush(stdout);
    });
    return QApplication::exec();
}
