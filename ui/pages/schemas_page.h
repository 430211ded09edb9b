#pragma once

#include "schema_snapshot_fwd.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace syncline {
enum class PipelineState;
}

namespace syncline::ui {

class InlineMessage;
class PipelineController;
class PipelineListModel;
class SchemaActionModel;
class SchemaColumnModel;
class SchemaDiffModel;
class SchemaHistoryJob;
class SchemaTableModel;
class SchemaVersionModel;

// The schema history of one pipeline: its tables, the versions of the selected table, the
// columns and key of the selected version, and two versions side by side. Reads the history on
// a worker thread; reloads on Refresh, when the pipeline's state changes, and every few seconds
// while it runs and the page is visible. Problems show inline.
class SchemasPage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kReloadDelayMs = 200; // coalesces a burst of state changes
    static constexpr int kPollIntervalMs = 5000;

    explicit SchemasPage(PipelineListModel *model, QWidget *parent = nullptr);
    ~SchemasPage() override;

    void setPipeline(PipelineController *controller);
    PipelineController *pipeline() const;
    void reload();
    // Selects a table by name ("public.orders"); false when the history has no such table.
    bool selectTable(const QString &name);
    void selectVersion(int row);
    void compareVersions(int beforeRow, int afterRow);

    SchemaTableModel *tableModel() const { return m_tableModel; }
    SchemaVersionModel *versionModel() const { return m_versionModel; }
    SchemaColumnModel *columnModel() const { return m_columnModel; }
    SchemaDiffModel *diffModel() const { return m_diffModel; }
    SchemaActionModel *actionModel() const { return m_actionModel; }
    InlineMessage *message() const { return m_message; }

    // The table the held-table buttons act on: the selected one when it is held, else the
    // first held; empty when none is held.
    QString heldTableForActions() const;
    // Discards the table's held changes and copies it again while streaming (the target must
    // have been changed to take the new shape first); asks first unless `confirmed`.
    void resyncHeldTable(bool confirmed = false);
    // Discards the table's held changes and takes it out of the pipeline file's source tables;
    // asks first (naming the count) unless `confirmed`. Refused, with the reason shown on the
    // page, while the pipeline runs or when only a pattern matches the table.
    void dropHeldTable(bool confirmed = false);

signals:
    // A read of the history has been shown (also when nothing changed).
    void historyLoaded();
    // The user wants to see (and replay) the changes held for `table`.
    void heldChangesRequested(const QString &table);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *createTablePane();
    QWidget *createDetailPane();
    QWidget *createHeldBar();
    void scheduleReload();
    void onStatusChanged();
    void apply(const SchemaSnapshotPtr &snapshot);
    void showMessage(const SchemaSnapshot *snapshot);
    void showTable(int row);
    void showVersion(int row);
    void updateDiff();

    PipelineListModel *m_model;
    QWidget *m_heldBar = nullptr;
    SchemaHistoryJob *m_job;
    SchemaTableModel *m_tableModel;
    SchemaVersionModel *m_versionModel;
    SchemaColumnModel *m_columnModel;
    SchemaActionModel *m_actionModel;
    SchemaDiffModel *m_diffModel;
    QComboBox *m_pipelineBox;
    QPushButton *m_refreshButton;
    QLabel *m_summary;
    InlineMessage *m_message;
    QTableView *m_tableView = nullptr;
    QTableView *m_versionView = nullptr;
    QLabel *m_columnsTitle = nullptr;
    QTableView *m_columnView = nullptr;
    QComboBox *m_beforeBox = nullptr;
    QComboBox *m_afterBox = nullptr;
    QLabel *m_diffSummary = nullptr;
    QTableView *m_diffView = nullptr;

    QPointer<PipelineController> m_pipeline;
    QList<QMetaObject::Connection> m_pipelineConnections;
    PipelineState m_lastState{}; // Stopped
    SchemaSnapshotPtr m_snapshot;
    QTimer m_reloadTimer;
    QTimer m_pollTimer;
    bool m_stale = false; // a reload was due while hidden
};

} // namespace syncline::ui
