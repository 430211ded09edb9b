#pragma once

#include <QMainWindow>

class QListWidget;
class QMenu;
class QStackedWidget;

namespace syncline::ui {

class AlertCenter;
class AlertNotifier;
class AlertsPage;
class DashboardPage;
class DeadLettersPage;
class DesignerPage;
class FleetModel;
class LogCollector;
class LogModel;
class LogPage;
class OverviewPage;
class PipelineActions;
class PipelineController;
class PipelineListModel;
class PipelinesPage;
class PipelineWorkspace;
class SchemasPage;
class ValidatePage;
class Settings;

// The console: a page list on the left, the pages on the right, the pipeline actions in the
// menu and tool bar. Opens pipeline files from File ▸ Open, recent files, drag and drop and the
// command line. Closing it while pipelines run stops them first, without blocking.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum Page
    {
        OverviewPageIndex,
        PipelinesPageIndex = OverviewPageIndex, // the overview's table view
        DashboardPageIndex,
        LogPageIndex,
        TopicsPageIndex,
        SchemasPageIndex,
        DesignerPageIndex,
        DeadLettersPageIndex,
        ValidatePageIndex,
        AlertsPageIndex,
        PageCount
    };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens each file (a file with problems opens too and shows them); returns the controllers.
    QList<PipelineController *> openFiles(const QStringList &files);
    void showPage(Page page);
    // Stops every running pipeline gracefully without asking, and closes once all have stopped.
    void stopAllAndQuit();

    PipelineWorkspace *workspace() const { return m_workspace; }
    PipelineListModel *pipelineModel() const { return m_pipelineModel; }
    PipelineActions *actions() const { return m_actions; }
    FleetModel *fleetModel() const { return m_fleetModel; }
    OverviewPage *overviewPage() const { return m_overviewPage; }
    PipelinesPage *pipelinesPage() const { return m_pipelinesPage; }
    DashboardPage *dashboardPage() const { return m_dashboardPage; }
    LogPage *logPage() const { return m_logPage; }
    SchemasPage *schemasPage() const { return m_schemasPage; }
    DesignerPage *designerPage() const { return m_designerPage; }
    DeadLettersPage *deadLettersPage() const { return m_deadLettersPage; }
    ValidatePage *validatePage() const { return m_validatePage; }
    AlertCenter *alertCenter() const { return m_alertCenter; }
    AlertsPage *alertsPage() const { return m_alertsPage; }
    AlertNotifier *alertNotifier() const { return m_alertNotifier; }

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void addPage(QWidget *page, const QString &title, const QString &icon);
    void updatePageIcons(); // drawn in the palette's colours, with the alert badges
    void showAbout();
    void createMenus();
    void updateRecentMenu();
    void openWithDialog();
    void updateTitle();

    Settings *m_settings;
    PipelineWorkspace *m_workspace;
    PipelineListModel *m_pipelineModel;
    FleetModel *m_fleetModel;
    LogCollector *m_logCollector;
    LogModel *m_logModel;
    PipelineActions *m_actions;
    QListWidget *m_pageList;
    QStackedWidget *m_pages;
    PipelinesPage *m_pipelinesPage;
    OverviewPage *m_overviewPage;
    DashboardPage *m_dashboardPage;
    LogPage *m_logPage;
    SchemasPage *m_schemasPage;
    DesignerPage *m_designerPage = nullptr;
    DeadLettersPage *m_deadLettersPage = nullptr;
    ValidatePage *m_validatePage = nullptr;
    AlertCenter *m_alertCenter = nullptr;
    AlertsPage *m_alertsPage = nullptr;
    AlertNotifier *m_alertNotifier = nullptr;
    QStringList m_pageIcons; // per page, the name of its icon in resources/icons/pages
    QMenu *m_recentMenu = nullptr;
    bool m_quitWhenStopped = false;
};

} // namespace syncline::ui
