#pragma once

#include "verify_outcome.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace syncline::ui {

class DeadLetterService;
class DifferenceModel;
class InlineMessage;
class PipelineController;
class PipelineListModel;
class RepairAuditView;
class RowComparisonModel;
class VerifyJob;
class VerifyProgressPanel;
class VerifyResultModel;
struct AuditLog;

// Verify and repair one pipeline's sinks: "Verify now" compares a sink (or all) with the
// source while the pipeline streams, with live progress (rows, rows/s, ETA) and Cancel; the
// per-table results; the differences of the selected table, and the selected one's source row
// beside its target row with the differing columns highlighted; "Repair selected" / "Repair
// all" after a confirmation that names the rows and the sink and shows the dry run, then the
// result of verifying again; and the repairs of the audit log. The last result of each
// pipeline and sink stays until the next run. Nothing here waits: VerifyJob and
// DeadLetterService (the audit log) work on their own threads.
class ValidatePage : public QWidget
{
    Q_OBJECT

public:
    explicit ValidatePage(PipelineListModel *model, QWidget *parent = nullptr);
    ~ValidatePage() override;

    void setPipeline(PipelineController *controller);
    PipelineController *pipeline() const;
    // The chosen sink; empty: all sinks.
    QString sink() const;
    void verifyNow();
    void repairSelected();
    void repairAll();
    // Shows `results` as the chosen sink's last result, as a finished verify would.
    void showResults(std::vector<TableResultPtr> results);

    VerifyJob *job() const { return m_job; }
    VerifyResultModel *resultModel() const { return m_results; }
    DifferenceModel *differenceModel() const { return m_differences; }
    RowComparisonModel *rowModel() const { return m_rows; }
    QComboBox *sinkBox() const { return m_sinkBox; }
    QPushButton *verifyButton() const { return m_verifyButton; }
    QPushButton *repairSelectedButton() const { return m_repairSelected; }
    QPushButton *repairAllButton() const { return m_repairAll; }
    VerifyProgressPanel *progressPanel() const { return m_progress; }
    QTableView *resultView() const { return m_resultView; }
    QTableView *differenceView() const { return m_differenceView; }
    QTableView *rowView() const { return m_rowView; }
    RepairAuditView *auditView() const { return m_audit; }
    InlineMessage *message() const { return m_message; }
    QLabel *summary() const { return m_summary; }

signals:
    // A verify or repair has ended and its result shows.
    void runFinished();

private:
    QWidget *createTopBar();
    QWidget *createBrowser();
    QString lastKey() const; // pipeline file and sink
    void fillSinks();
    void showLast();
    // The recorded results of the chosen sink, when they are newer than this session's.
    std::vector<TableResultPtr> newerRecorded(const QString &key) const;
    void setRecorded(const RecordedVerifications &tables);
    void updateSummary();
    void updateButtons();
    void tableSelected();
    void differenceSelected();
    void startRepair(std::vector<verify::TableResult> results);
    // The chosen pipeline's embedded Kafka cluster while it runs in this console.
    EmbeddedBroker embeddedBroker() const;
    void finished(quint64 generation, const VerifyOutcome &outcome);
    void showAudit(const AuditLog &log);

    PipelineListModel *m_model;
    VerifyJob *m_job;
    DeadLetterService *m_auditService;
    VerifyResultModel *m_results;
    DifferenceModel *m_differences;
    RowComparisonModel *m_rows;
    QComboBox *m_pipelineBox;
    QComboBox *m_sinkBox;
    QPushButton *m_verifyButton;
    QLabel *m_summary;
    InlineMessage *m_message;
    VerifyProgressPanel *m_progress;
    QTableView *m_resultView = nullptr;
    QTableView *m_differenceView = nullptr;
    QLabel *m_rowTitle = nullptr;
    QTableView *m_rowView = nullptr;
    QPushButton *m_repairSelected = nullptr;
    QPushButton *m_repairAll = nullptr;
    RepairAuditView *m_audit = nullptr;

    QPointer<PipelineController> m_pipeline;
    QList<QMetaObject::Connection> m_pipelineConnections;
    QString m_runKey;                                   // lastKey() of the run going on
    QString m_runSink;                                  // the sink it compares; empty: all
    QHash<QString, std::vector<TableResultPtr>> m_last; // by lastKey()
    QHash<QString, QString> m_lastAt;                   // when m_last's came, ISO 8601 UTC
    // The pipeline's last recorded result per table (its state directory), and whether they,
    // which carry counts but no keys, are what shows.
    RecordedVerifications m_recorded;
    bool m_showingRecorded = false;
};

} // namespace syncline::ui
