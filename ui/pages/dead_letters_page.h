#pragma once

#include "dlq/dead_letter.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QListWidget;
class QTableView;
class QTabWidget;
class QTreeWidget;

namespace syncline::ui {

class DeadLetterDetailView;
class DeadLetterFilterBar;
class DeadLetterModel;
class DeadLetterService;
class InlineMessage;
class PipelineController;
class PipelineListModel;
class ReplayPanel;
struct AuditLog;
struct DeadLetterActionResult;
struct DeadLetterCounts;

// The dead letters of one pipeline: a lazy table filtered by table, status, time and text,
// grouped by error class in a side list; the selected one in full; replay (selected, all
// matching, after an edit), discard, dry run and a rate cap, with a confirmation naming the
// count, progress with Cancel and each event's outcome; the audit log; and importing a
// dead-letter topic. Nothing here waits for SQLite or PostgreSQL: DeadLetterService does.
class DeadLettersPage : public QWidget
{
    Q_OBJECT

public:
    explicit DeadLettersPage(PipelineListModel *model, QWidget *parent = nullptr);
    ~DeadLettersPage() override;

    void setPipeline(PipelineController *controller);
    void refresh();
    // The changes a schema change holds for `table` (class schema_change), to release them.
    void showHeldTable(const QString &table);
    void importTopic(); // asks which topic, sink and cluster, then imports

    DeadLetterService *service() const { return m_service; }
    DeadLetterModel *letterModel() const { return m_letters; }
    QTableView *letterView() const { return m_view; }
    QListWidget *classList() const { return m_classes; }
    DeadLetterFilterBar *filterBar() const { return m_filterBar; }
    DeadLetterDetailView *detailView() const { return m_detail; }
    ReplayPanel *replayPanel() const { return m_replay; }
    QTreeWidget *auditView() const { return m_audit; }
    QTabWidget *bottomTabs() const { return m_bottomTabs; }
    InlineMessage *message() const { return m_message; }

private:
    QWidget *createTopBar();
    void applyFilter();
    void showCounts(const DeadLetterCounts &counts);
    void showAudit(const AuditLog &log);
    void selectionChanged();
    std::vector<std::int64_t> selectedIds() const;
    bool confirm(const QString &question);
    void replay(dlq::DeadLetterFilter filter, int count);
    void discardSelected();
    void editThenReplay();
    void actionFinished(const DeadLetterActionResult &result);

    PipelineListModel *m_model;
    DeadLetterService *m_service;
    DeadLetterModel *m_letters;
    QComboBox *m_pipelineBox;
    QLabel *m_summary;
    InlineMessage *m_message;
    DeadLetterFilterBar *m_filterBar;
    QListWidget *m_classes;
    QTableView *m_view;
    DeadLetterDetailView *m_detail;
    QTabWidget *m_bottomTabs;
    ReplayPanel *m_replay;
    QTreeWidget *m_audit;
    QPointer<PipelineController> m_pipeline;
    std::string m_class; // the side list's choice; empty: all
    std::optional<std::int64_t> m_replayAfterEdit;
};

} // namespace syncline::ui
