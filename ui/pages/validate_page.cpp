#include "validate_page.h"

#include "dead_letter_results.h"
#include "dead_letter_service.h"
#include "format.h"
#include "models/difference_model.h"
#include "models/pipeline_list_model.h"
#include "models/row_comparison_model.h"
#include "models/verify_result_model.h"
#include "pipeline_controller.h"
#include "repair_selection.h"
#include "verify_job.h"
#include "widgets/inline_message.h"
#include "widgets/page_panes.h"
#include "widgets/repair_audit_view.h"
#include "widgets/repair_confirmation.h"
#include "widgets/verify_progress_panel.h"

#include "dlq/replayer.h"
#include "util/time_text.h"
#include "verify/repairer.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <set>

namespace syncline::ui {

namespace {

QString sinksOf(const std::vector<verify::TableResult> &results)
{
    std::set<std::string> names;
    for (const auto &result : results)
        names.insert(result.sink);
    QStringList list;
    for (const auto &name : names)
        list.append(QString::fromStdString(name));
    return list.join(u", ");
}

QString triggerText(const std::string &trigger)
{
    if (trigger == "schedule")
        return ValidatePage::tr("scheduled");
    if (trigger == "command")
        return QStringLiteral("syncline verify");
    return ValidatePage::tr("console");
}

// "Last recorded result (scheduled, 2026-12-04T10:00:00Z): 3 differences in 2 tables. …"
QString recordedSummary(const RecordedVerifications &recorded, const QString &sink,
                        long long differences, int tables)
{
    const TableVerification *newest = nullptr;
    for (const auto &table : recorded)
        if ((sink.isEmpty() || table.sink == sink.toStdString()) &&
            (!newest || table.verifiedAt > newest->verifiedAt))
            newest = &table;
    const QString when =
        newest ? QStringLiteral("%1, %2").arg(triggerText(newest->trigger),
                                              QString::fromStdString(newest->verifiedAt))
               : QString();
    QString text = ValidatePage::tr("Last recorded result (%1): %2 in %3.")
                       .arg(when, ValidatePage::tr("%n difference(s)", nullptr, int(differences)),
                            ValidatePage::tr("%n table(s)", nullptr, tables));
    if (differences > 0)
        text += u' ' + ValidatePage::tr("Verify now to see the rows and repair them.");
    return text;
}

} // namespace

ValidatePage::ValidatePage(PipelineListModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_job(new VerifyJob(this)),
      m_auditService(new DeadLetterService(this)), m_results(new VerifyResultModel(this)),
      m_differences(new DifferenceModel(this)), m_rows(new RowComparisonModel(this)),
      m_pipelineBox(new QComboBox(this)), m_sinkBox(new QComboBox(this)),
      m_verifyButton(new QPushButton(this)), m_summary(new QLabel(this)),
      m_message(new InlineMessage(this)), m_progress(new VerifyProgressPanel(this))
{
    setObjectName(QStringLiteral("validatePage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createTopBar());
    layout->addWidget(m_message);
    layout->addWidget(m_progress);
    layout->addWidget(createBrowser(), 1);
    m_message->hide();

    connect(m_pipelineBox, &QComboBox::currentIndexChanged, this,
            [this](int row) { setPipeline(m_model->controllerAt(row)); });
    connect(m_sinkBox, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_job->isRunning())
            showLast();
    });
    connect(m_verifyButton, &QPushButton::clicked, this, &ValidatePage::verifyNow);
    connect(m_repairSelected, &QPushButton::clicked, this, &ValidatePage::repairSelected);
    connect(m_repairAll, &QPushButton::clicked, this, &ValidatePage::repairAll);
    connect(m_progress, &VerifyProgressPanel::cancelRequested, m_job, &VerifyJob::cancel);
    connect(m_job, &VerifyJob::passStarted, this, [this](quint64, long long estimate) {
        m_results->clear();
        m_progress->beginPass(estimate);
    });
    connect(m_job, &VerifyJob::stageChanged, this,
            [this](quint64, const QString &text) { m_progress->setStage(text); });
    connect(m_job, &VerifyJob::progress, this,
            [this](quint64, const VerifyProgress &progress) { m_progress->setProgress(progress); });
    connect(m_job, &VerifyJob::tableCompared, this,
            [this](quint64, const TableResultPtr &result) { m_results->addResult(result); });
    connect(m_job, &VerifyJob::finished, this, &ValidatePage::finished);
    connect(m_job, &VerifyJob::recordedLoaded, this,
            [this](const QString &stateDirectory, const RecordedVerifications &tables) {
                if (m_pipeline && stateDirectory == m_pipeline->stateDirectory())
                    setRecorded(tables);
            });
    connect(m_auditService, &DeadLetterService::auditLoaded, this, &ValidatePage::showAudit);
    connect(m_resultView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ValidatePage::tableSelected);
    connect(m_results, &QAbstractItemModel::modelReset, this, &ValidatePage::tableSelected);
    connect(m_differenceView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ValidatePage::differenceSelected);
    connect(m_differences, &QAbstractItemModel::modelReset, this,
            &ValidatePage::differenceSelected);
    setPipeline(m_model->controllerAt(0));
}

ValidatePage::~ValidatePage() = default;

QWidget *ValidatePage::createTopBar()
{
    auto *bar = new QWidget(this);
    m_pipelineBox->setObjectName(QStringLiteral("validatePipeline"));
    m_pipelineBox->setModel(m_model);
    m_pipelineBox->setModelColumn(PipelineListModel::Name);
    m_pipelineBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_sinkBox->setObjectName(QStringLiteral("validateSink"));
    m_sinkBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_verifyButton->setObjectName(QStringLiteral("verifyNow"));
    m_verifyButton->setText(tr("Verify now"));
    m_verifyButton->setIcon(style()->standardIcon(QStyle::SP_DialogApplyButton));
    m_verifyButton->setToolTip(tr("Compare the sink's tables with the source while the pipeline "
                                  "streams: at a consistent point, with no pause"));
    m_summary->setObjectName(QStringLiteral("validateSummary"));
    m_summary->setWordWrap(true);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Pipeline:"), bar));
    layout->addWidget(m_pipelineBox);
    layout->addWidget(new QLabel(tr("Sink:"), bar));
    layout->addWidget(m_sinkBox);
    layout->addWidget(m_verifyButton);
    layout->addSpacing(12);
    layout->addWidget(m_summary, 1);
    return bar;
}

QWidget *ValidatePage::createBrowser()
{
    m_resultView = makeTableView(m_results, QStringLiteral("verifyResultView"), this);
    m_resultView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_differenceView = makeTableView(m_differences, QStringLiteral("differenceView"), this);
    m_differenceView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_rowView = makeTableView(m_rows, QStringLiteral("rowComparisonView"), this);
    m_rowView->setSelectionMode(QAbstractItemView::NoSelection);
    m_rowView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_rowView->setColumnWidth(RowComparisonModel::Name, 130);
    m_rowView->setColumnWidth(RowComparisonModel::Source, 220);
    m_rowTitle = paneHeading(tr("Source row beside target row"), this);

    m_repairSelected = new QPushButton(tr("Repair selected…"), this);
    m_repairSelected->setObjectName(QStringLiteral("repairSelected"));
    m_repairSelected->setToolTip(tr("Send the selected rows again from the source through the "
                                    "pipeline, then verify again"));
    m_repairAll = new QPushButton(tr("Repair all…"), this);
    m_repairAll->setObjectName(QStringLiteral("repairAll"));
    m_repairAll->setToolTip(tr("Repair every difference found, then verify again"));
    auto *differenceBar = new QWidget(this);
    auto *barLayout = new QHBoxLayout(differenceBar);
    barLayout->setContentsMargins(0, 0, 0, 0);
    barLayout->addWidget(paneHeading(tr("Differences"), differenceBar), 1);
    barLayout->addWidget(m_repairSelected);
    barLayout->addWidget(m_repairAll);

    m_audit = new RepairAuditView(this);
    auto *browser = new QSplitter(Qt::Horizontal, this);
    browser->addWidget(titledPane(differenceBar, m_differenceView, this));
    browser->addWidget(titledPane(m_rowTitle, m_rowView, this));
    browser->setSizes({520, 700});
    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(titledPane(paneHeading(tr("Tables"), this), m_resultView, this));
    vertical->addWidget(browser);
    vertical->addWidget(titledPane(paneHeading(tr("Repairs (audit log)"), this), m_audit, this));
    vertical->setStretchFactor(0, 1);
    vertical->setStretchFactor(1, 3);
    vertical->setStretchFactor(2, 1);
    vertical->setSizes({150, 450, 150});
    return vertical;
}

void ValidatePage::setPipeline(PipelineController *controller)
{
    // A run goes on over a choice made elsewhere (the Pipelines page): its boxes are disabled
    // meanwhile, and its result is for the pipeline it runs on.
    if ((controller == m_pipeline && controller) || m_job->isRunning())
        return;
    m_progress->finish();
    m_message->hide();
    m_pipeline = controller;
    for (const auto &connection : std::as_const(m_pipelineConnections))
        disconnect(connection);
    m_pipelineConnections.clear();
    if (controller) {
        // A reloaded file may name other sinks; a start or stop changes the hint.
        m_pipelineConnections.append(
            connect(controller, &PipelineController::configChanged, this, [this] {
                if (!m_job->isRunning()) {
                    fillSinks();
                    showLast();
                }
            }));
        m_pipelineConnections.append(connect(controller, &PipelineController::runningChanged, this,
                                             &ValidatePage::updateSummary));
        // Running here, the pipeline reports what its schedule (or anyone) recorded.
        m_pipelineConnections.append(
            connect(controller, &PipelineController::statusChanged, this, [this] {
                const auto &tables = m_pipeline->status().verification.tables;
                if (!tables.empty() && tables != m_recorded)
                    setRecorded(tables);
            }));
    }
    m_recorded.clear();
    if (controller && controller->isLoaded())
        m_job->loadRecorded(controller->stateDirectory());
    m_auditService->setPipeline(controller ? controller->file() : QString(),
                                controller ? controller->stateDirectory() : QString());
    if (controller)
        m_pipelineBox->setCurrentIndex(m_model->indexOf(controller).row());
    m_audit->clear();
    m_auditService->loadAudit();
    fillSinks();
    showLast();
}

PipelineController *ValidatePage::pipeline() const
{
    return m_pipeline;
}

QString ValidatePage::sink() const
{
    return m_sinkBox->currentData().toString();
}

void ValidatePage::fillSinks()
{
    const QSignalBlocker blocker(m_sinkBox);
    m_sinkBox->clear();
    const QStringList sinks = m_pipeline ? m_pipeline->sinkNames() : QStringList();
    if (sinks.size() != 1)
        m_sinkBox->addItem(tr("All sinks"), QString());
    for (const QString &name : sinks)
        m_sinkBox->addItem(name, name);
}

QString ValidatePage::lastKey() const
{
    return (m_pipeline ? m_pipeline->file() : QString()) + u'\n' + sink();
}

void ValidatePage::updateSummary()
{
    if (!m_pipeline)
        m_summary->setText(tr("Open a pipeline to verify its sinks."));
    else if (!m_pipeline->isLoaded())
        m_summary->setText(tr("The pipeline file has problems; see the Pipelines page."));
    else if (m_showingRecorded)
        m_summary->setText(recordedSummary(m_recorded, sink(), m_results->differenceCount(),
                                           m_results->rowCount()));
    else if (m_results->rowCount() == 0)
        m_summary->setText(m_pipeline->isRunning()
                               ? tr("Not verified yet in this session.")
                               : tr("Verify compares while the pipeline streams: start it here "
                                    "or headless first."));
    else
        m_summary->setText(
            tr("Last result: %1 in %2.")
                .arg(tr("%n difference(s)", nullptr, int(m_results->differenceCount())),
                     tr("%n table(s)", nullptr, m_results->rowCount())));
    updateButtons();
}

void ValidatePage::setRecorded(const RecordedVerifications &tables)
{
    m_recorded = tables;
    if (!m_job->isRunning())
        showLast();
}

std::vector<TableResultPtr> ValidatePage::newerRecorded(const QString &key) const
{
    const std::string chosenSink = sink().toStdString();
    const std::string since = m_lastAt.value(key).toStdString();
    std::vector<TableResultPtr> results;
    bool newer = since.empty();
    for (const auto &table : m_recorded) {
        if (!chosenSink.empty() && table.sink != chosenSink)
            continue;
        newer = newer || table.verifiedAt > since;
        auto result = std::make_shared<verify::TableResult>();
        result->sink = table.sink;
        result->table = table.table;
        result->sourceRows = table.rows;
        result->missing = table.missing;
        result->extra = table.extra;
        result->different = table.different;
        result->unsettled = table.unsettled;
        result->error = table.error;
        results.push_back(std::move(result));
    }
    return newer ? results : std::vector<TableResultPtr>();
}

void ValidatePage::showLast()
{
    const QString key = lastKey();
    auto recorded = newerRecorded(key);
    m_showingRecorded = !recorded.empty();
    m_results->setResults(m_showingRecorded ? std::move(recorded) : m_last.value(key));
    updateSummary();
    // The first table with differences, else the first.
    int row = 0;
    for (int i = 0; i < m_results->rowCount(); ++i)
        if (m_results->resultAt(i)->differenceCount() > 0) {
            row = i;
            break;
        }
    if (m_results->rowCount() > 0)
        m_resultView->selectRow(row);
    updateButtons();
}

void ValidatePage::showResults(std::vector<TableResultPtr> results)
{
    m_last.insert(lastKey(), std::move(results));
    showLast();
}

void ValidatePage::updateButtons()
{
    const bool running = m_job->isRunning();
    m_verifyButton->setEnabled(m_pipeline && m_pipeline->isLoaded() && !running);
    m_pipelineBox->setEnabled(!running);
    m_sinkBox->setEnabled(!running);
    const bool anySelected = m_differenceView->selectionModel()->hasSelection();
    m_repairSelected->setEnabled(!running && anySelected);
    // Recorded results carry counts, not keys: verify first to get rows to repair.
    m_repairAll->setEnabled(!running && !m_showingRecorded && m_results->differenceCount() > 0);
}

void ValidatePage::tableSelected()
{
    m_differences->setResult(m_results->resultAt(m_resultView->currentIndex().row()));
    if (m_differences->rowCount() > 0)
        m_differenceView->selectRow(0);
}

void ValidatePage::differenceSelected()
{
    const QModelIndex current = m_differenceView->currentIndex();
    const auto *difference = m_differenceView->selectionModel()->isRowSelected(current.row())
                                 ? m_differences->differenceAt(current.row())
                                 : nullptr;
    if (difference) {
        m_rows->setDifference(*difference);
        m_rowTitle->setText(tr("Source row beside target row: %1 %2")
                                .arg(QString::fromStdString(difference->table),
                                     DifferenceModel::keyText(*difference)));
    } else {
        m_rows->clear();
        m_rowTitle->setText(tr("Source row beside target row"));
    }
    updateButtons();
}

EmbeddedBroker ValidatePage::embeddedBroker() const
{
    return {m_pipeline->embeddedKafkaBootstrap(), m_pipeline->embeddedKafkaIdentity()};
}

void ValidatePage::verifyNow()
{
    if (!m_pipeline || !m_job->verify(m_pipeline->file(), sink(), embeddedBroker()))
        return;
    m_runKey = lastKey();
    m_runSink = sink();
    m_message->hide();
    m_results->clear();
    m_progress->start(tr("Planning: listing the tables and estimating their rows…"));
    updateButtons();
}

void ValidatePage::repairSelected()
{
    const TableResultPtr result = m_differences->result();
    if (!result)
        return;
    std::vector<int> rows;
    for (const QModelIndex &index : m_differenceView->selectionModel()->selectedRows())
        rows.push_back(index.row());
    startRepair({onlyDifferences(*result, rows)});
}

void ValidatePage::repairAll()
{
    startRepair(everyDifference(m_results->results()));
}

void ValidatePage::startRepair(std::vector<verify::TableResult> results)
{
    const long long rows = repairRowCount(results);
    if (!m_pipeline || rows == 0 || m_job->isRunning())
        return;
    if (!RepairConfirmation::ask(this, rows, sinksOf(results),
                                 verify::Repairer::plannedActions(results)))
        return;
    if (!m_job->repair(m_pipeline->file(), sink(), std::move(results),
                       QString::fromStdString(dlq::Replayer::currentActor()), embeddedBroker()))
        return;
    m_runKey = lastKey();
    m_runSink = sink();
    m_message->hide();
    m_progress->start(tr("Requesting the repair of %n row(s)…", nullptr, int(rows)));
    updateButtons();
}

void ValidatePage::finished(quint64, const VerifyOutcome &outcome)
{
    m_progress->finish();
    const bool repair = outcome.kind == VerifyOutcome::Kind::Repair;
    if (repair)
        m_auditService->loadAudit();
    // A run that failed or was cancelled before it compared anything keeps the last result.
    if (!outcome.results.empty() || (outcome.error.isEmpty() && !outcome.cancelled)) {
        m_last.insert(m_runKey, outcome.results);
        m_lastAt.insert(m_runKey, QString::fromStdString(isoUtcNow()));
    }
    showLast();

    long long differences = 0;
    long long rows = 0;
    for (const auto &result : outcome.results) {
        differences += result->differenceCount();
        rows += result->sourceRows;
    }
    QString text = tr("Compared %1, %2 rows in %3: ")
                       .arg(tr("%n table(s)", nullptr, int(outcome.results.size())),
                            Format::count(rows), Format::duration(outcome.seconds));
    text += differences > 0 ? tr("%n difference(s).", nullptr, int(differences))
                            : tr("no differences.");
    if (repair)
        text =
            tr("Repaired %n row(s); verified again. ", nullptr, int(outcome.repairedRows)) + text;
    if (outcome.cancelled)
        m_message->showMessage(InlineMessage::Kind::Warning,
                               tr("Cancelled.") +
                                   (outcome.error.isEmpty() ? QString() : u' ' + outcome.error));
    else if (!outcome.error.isEmpty())
        m_message->showMessage(InlineMessage::Kind::Error, outcome.error);
    else
        m_message->showMessage(InlineMessage::Kind::Information, text);
    m_message->show();
    emit runFinished();
}

void ValidatePage::showAudit(const AuditLog &log)
{
    m_audit->setLog(log);
}

} // namespace syncline::ui
