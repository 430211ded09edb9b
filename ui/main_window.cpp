#include "main_window.h"

#include "alert_center.h"
#include "log_collector.h"
#include "models/fleet_model.h"
#include "models/log_model.h"
#include "models/pipeline_list_model.h"
#include "page_icons.h"
#include "pages/alerts_page.h"
#include "pages/dashboard_page.h"
#include "pages/dead_letters_page.h"
#include "pages/designer_page.h"
#include "pages/log_page.h"
#include "pages/overview_page.h"
#include "pages/pipelines_page.h"
#include "pages/schemas_page.h"
#include "pages/topics_page.h"
#include "pages/validate_page.h"
#include "pipeline_actions.h"
#include "pipeline_controller.h"
#include "pipeline_workspace.h"
#include "settings.h"
#include "widgets/alert_notifier.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

namespace syncline::ui {
namespace {

bool isPipelineFile(const QUrl &url)
{
    const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
    return url.isLocalFile() && (suffix == u"yaml" || suffix == u"yml");
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_settings(new Settings(this)), m_workspace(new PipelineWorkspace(this)),
      m_pipelineModel(new PipelineListModel(m_workspace, this)),
      m_fleetModel(new FleetModel(m_workspace, this)), m_logCollector(new LogCollector(this)),
      m_logModel(new LogModel(this)), m_actions(new PipelineActions(m_workspace, this)),
      m_pageList(new QListWidget(this)), m_pages(new QStackedWidget(this)),
      m_pipelinesPage(new PipelinesPage(m_pipelineModel, this)),
      m_dashboardPage(new DashboardPage(m_pipelineModel, m_settings, this)),
      m_logPage(new LogPage(m_logModel, m_pipelineModel, this)),
      m_schemasPage(new SchemasPage(m_pipelineModel, this))
{
    setWindowTitle(tr("Syncline Console"));
    if (const QString icon = QStringLiteral(":/syncline.svg"); QFile::exists(icon))
        setWindowIcon(QIcon(icon)); // embedded by app/console (tests have none)
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);

    m_pageList->setObjectName(QStringLiteral("pageList"));
    m_pageList->setIconSize(QSize(22, 22));
    m_pageList->setSpacing(2);
    m_pageList->setFixedWidth(170);
    m_pageList->setFrameShape(QFrame::NoFrame);
    m_overviewPage = new OverviewPage(m_fleetModel, m_pipelinesPage, m_actions, m_logModel, this);
    addPage(m_overviewPage, tr("Overview"), QStringLiteral("overview"));
    addPage(m_dashboardPage, tr("Dashboard"), QStringLiteral("dashboard"));
    addPage(m_logPage, tr("Log"), QStringLiteral("log"));
    addPage(new TopicsPage(m_workspace, this), tr("Topics"), QStringLiteral("topics"));
    addPage(m_schemasPage, tr("Schemas"), QStringLiteral("schemas"));
    m_designerPage = new DesignerPage(this);
    addPage(m_designerPage, tr("Designer"), QStringLiteral("designer"));
    m_deadLettersPage = new DeadLettersPage(m_pipelineModel, this);
    addPage(m_deadLettersPage, tr("Dead letters"), QStringLiteral("dead-letters"));
    m_validatePage = new ValidatePage(m_pipelineModel, this);
    addPage(m_validatePage, tr("Validate"), QStringLiteral("validate"));
    m_alertCenter = new AlertCenter(m_workspace, this);
    m_alertsPage = new AlertsPage(m_alertCenter, this);
    addPage(m_alertsPage, tr("Alerts"), QStringLiteral("alerts"));
    m_fleetModel->setAlertCount(
        [center = m_alertCenter](const PipelineController &c) { return center->activeCount(&c); });
    connect(m_alertCenter, &AlertCenter::countsChanged, this, [this] {
        m_fleetModel->alertsChanged();
        updatePageIcons();
    });
    m_alertNotifier = new AlertNotifier(m_alertCenter, windowIcon(), this);
    connect(m_alertNotifier, &AlertNotifier::notified, this,
            [this](const QString &title, const QString &message) {
                if (!m_alertNotifier->hasTray())
                    statusBar()->showMessage(tr("Alert: %1: %2").arg(title, message), 15000);
            });
    connect(m_overviewPage, &OverviewPage::dashboardRequested, this,
            [this] { showPage(DashboardPageIndex); });
    connect(m_overviewPage, &OverviewPage::deadLettersRequested, this,
            [this] { showPage(DeadLettersPageIndex); });
    connect(m_designerPage, &DesignerPage::startRequested, this, [this](const QString &file) {
        if (PipelineController *controller = openFiles({file}).value(0))
            controller->start(); // reloads the file first; runs like an opened file
    });
    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_pageList);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);
    createMenus();

    connect(m_pageList, &QListWidget::currentRowChanged, this, [this](int row) {
        m_pages->setCurrentIndex(row);
        m_settings->setCurrentPage(row);
    });
    connect(m_logCollector, &LogCollector::entriesArrived, m_logModel, &LogModel::append);
    connect(m_pipelinesPage, &PipelinesPage::currentPipelineChanged, this,
            [this](PipelineController *controller) {
                m_actions->setCurrent(controller);
                m_dashboardPage->setPipeline(controller);
                m_deadLettersPage->setPipeline(controller);
                m_schemasPage->setPipeline(controller);
                m_validatePage->setPipeline(controller);
            });
    connect(m_schemasPage, &SchemasPage::heldChangesRequested, this, [this](const QString &table) {
        m_deadLettersPage->showHeldTable(table);
        showPage(DeadLettersPageIndex);
    });
    connect(m_workspace, &PipelineWorkspace::runningCountChanged, this, [this](int running) {
        statusBar()->showMessage(tr("%n pipeline(s) running", nullptr, running));
        if (m_quitWhenStopped && running == 0)
            close();
    });

    resize(1280, 800);
    restoreGeometry(m_settings->windowGeometry());
    restoreState(m_settings->windowState(), Settings::kWindowStateVersion);
    showPage(Page(std::clamp(m_settings->currentPage(), 0, PageCount - 1)));
}

MainWindow::~MainWindow() = default;

void MainWindow::addPage(QWidget *page, const QString &title, const QString &icon)
{
    new QListWidgetItem(pageIcon(icon, palette()), title, m_pageList);
    m_pageIcons.append(icon);
    m_pages->addWidget(page);
}

void MainWindow::updatePageIcons()
{
    int active = 0;
    for (PipelineController *controller : m_workspace->pipelines())
        active += m_alertCenter ? m_alertCenter->activeCount(controller) : 0;
    const int unacknowledged = m_alertCenter ? m_alertCenter->unacknowledgedCount() : 0;
    for (int page = 0; page < m_pageList->count(); ++page) {
        const QIcon icon = pageIcon(m_pageIcons.value(page), palette());
        // The badges: active alerts on the page of the pipelines' cards, unseen ones on Alerts.
        const int badge = page == OverviewPageIndex ? active
                          : page == AlertsPageIndex ? unacknowledged
                                                    : 0;
        m_pageList->item(page)->setIcon(withBadge(icon, badge));
    }
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updatePageIcons();
}

void MainWindow::showAbout()
{
    QMessageBox box(this);
    box.setWindowTitle(tr("About Syncline Console"));
    box.setIconPixmap(windowIcon().pixmap(64, 64));
    box.setText(tr("<h3>Syncline Console %1</h3><p>Runs and watches Syncline pipelines: change "
                   "data capture from PostgreSQL and MySQL into databases, Kafka, Redis and "
                   "HTTP.</p>")
                    .arg(QApplication::applicationVersion().toHtmlEscaped()));
    box.exec();
}

void MainWindow::createMenus()
{
    auto *open = new QAction(QIcon::fromTheme(QStringLiteral("document-open"),
                                              style()->standardIcon(QStyle::SP_DialogOpenButton)),
                             tr("&Open…"), this);
    open->setObjectName(QStringLiteral("actionOpen"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, &MainWindow::openWithDialog);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    file->addAction(m_actions->close());
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setMenuRole(QAction::QuitRole);
    connect(m_settings, &Settings::recentFilesChanged, this, &MainWindow::updateRecentMenu);
    updateRecentMenu();

    QMenu *pipeline = menuBar()->addMenu(tr("&Pipeline"));
    pipeline->addActions(
        {m_actions->start(), m_actions->pause(), m_actions->resume(), m_actions->stop()});
    pipeline->addSeparator();
    pipeline->addAction(m_actions->reload());

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int page = 0; page < PageCount; ++page) {
        view->addAction(m_pageList->item(page)->text(),
                        QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + page)), this,
                        [this, page] { showPage(Page(page)); });
    }

    QToolBar *tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->setMovable(false);
    tools->addAction(open);
    tools->addSeparator();
    tools->addActions(
        {m_actions->start(), m_actions->pause(), m_actions->resume(), m_actions->stop()});

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Syncline Console"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_settings->recentFiles();
    for (const QString &file : files) {
        QAction *action = m_recentMenu->addAction(QFileInfo(file).fileName(), this,
                                                  [this, file] { openFiles({file}); });
        action->setToolTip(file);
        action->setStatusTip(file);
    }
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear Menu"), m_settings, &Settings::clearRecentFiles)
        ->setEnabled(!files.isEmpty());
}

QList<PipelineController *> MainWindow::openFiles(const QStringList &files)
{
    QList<PipelineController *> opened;
    for (const QString &file : files) {
        PipelineController *controller = m_workspace->open(file);
        m_settings->addRecentFile(controller->file());
        opened.append(controller);
    }
    if (!opened.isEmpty()) {
        m_pipelinesPage->select(opened.last());
        showPage(OverviewPageIndex);
    }
    return opened;
}

void MainWindow::openWithDialog()
{
    const QStringList recent = m_settings->recentFiles();
    const QString directory = recent.isEmpty() ? QString() : QFileInfo(recent.first()).path();
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open Pipeline"), directory, tr("Pipeline files (*.yaml *.yml);;All files (*)"));
    openFiles(files);
}

void MainWindow::showPage(Page page)
{
    m_pageList->setCurrentRow(page);
}

void MainWindow::stopAllAndQuit()
{
    m_quitWhenStopped = true;
    if (m_workspace->runningCount() == 0) {
        close();
        return;
    }
    statusBar()->showMessage(tr("Stopping pipelines…"));
    m_workspace->stopAll();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    const int running = m_workspace->runningCount();
    if (running > 0) {
        event->ignore();
        if (m_quitWhenStopped)
            return; // still stopping; closes when the last one has stopped
        const auto answer = QMessageBox::question(
            this, tr("Quit"),
            tr("%n pipeline(s) running. Stop and quit? Each stops gracefully: what it has read "
               "is applied and confirmed first.",
               nullptr, running),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer == QMessageBox::Yes)
            stopAllAndQuit();
        return;
    }
    m_settings->setWindow(saveGeometry(), saveState(Settings::kWindowStateVersion));
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (std::any_of(urls.begin(), urls.end(), isPipelineFile))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList files;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (isPipelineFile(url))
            files.append(url.toLocalFile());
    }
    openFiles(files);
    event->acceptProposedAction();
}

} // namespace syncline::ui
