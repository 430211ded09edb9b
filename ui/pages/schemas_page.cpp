#include "schemas_page.h"

#include "dlq/dead_letter_store.h"
#include "models/pipeline_list_model.h"
#include "models/schema_action_model.h"
#include "models/schema_column_model.h"
#include "models/schema_diff_model.h"
#include "models/schema_table_model.h"
#include "models/schema_version_model.h"
#include "pipeline_controller.h"
#include "schema_history_job.h"
#include "schema_snapshot.h"
#include "snapshot/snapshot_progress.h"
#include "source_table_removal.h"
#include "util/time_text.h"
#include "widgets/inline_message.h"
#include "widgets/page_panes.h"

#include <QComboBox>
#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace syncline::ui {
namespace {

// Discards the changes a schema change holds for `table`, with an audit entry saying `why`;
// returns how many.
int discardHeldChanges(const std::filesystem::path &stateDir, const std::string &table,
                       const std::string &why)
{
    dlq::DeadLetterStore store(dlq::DeadLetterStore::fileIn(stateDir));
    dlq::DeadLetterFilter filter;
    filter.table = table;
    filter.errorClass = "schema_change";
    filter.statuses = {dlq::DeadLetterStatus::Pending, dlq::DeadLetterStatus::Held,
                       dlq::DeadLetterStatus::Quarantined};
    int discarded = 0;
    for (const auto &letter : store.list(filter)) {
        store.setStatus(letter.id, dlq::DeadLetterStatus::Discarded);
        ++discarded;
    }
    store.appendAudit(
        {0, isoUtcNow(), "console", "discard", {}, filter.describe(), false, discarded, why});
    return discarded;
}

void selectRow(QTableView *view, int row)
{
    view->selectionModel()->setCurrentIndex(view->model()->index(row, 0),
                                            QItemSelectionModel::ClearAndSelect |
                                                QItemSelectionModel::Rows);
}

} // namespace

SchemasPage::SchemasPage(PipelineListModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_job(new SchemaHistoryJob(this)),
      m_tableModel(new SchemaTableModel(this)), m_versionModel(new SchemaVersionModel(this)),
      m_columnModel(new SchemaColumnModel(this)), m_actionModel(new SchemaActionModel(this)),
      m_diffModel(new SchemaDiffModel(this)), m_pipelineBox(new QComboBox(this)),
      m_refreshButton(new QPushButton(this)), m_summary(new QLabel(this)),
      m_message(new InlineMessage(this))
{
    m_pipelineBox->setObjectName(QStringLiteral("schemasPipeline"));
    m_pipelineBox->setModel(model);
    m_pipelineBox->setModelColumn(PipelineListModel::Name);
    m_pipelineBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_refreshButton->setObjectName(QStringLiteral("schemasRefresh"));
    m_refreshButton->setText(tr("Refresh"));
    m_refreshButton->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_refreshButton->setShortcut(QKeySequence::Refresh);
    m_refreshButton->setToolTip(
        tr("Read the schema history again (%1)")
            .arg(m_refreshButton->shortcut().toString(QKeySequence::NativeText)));

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Pipeline:"), this));
    bar->addWidget(m_pipelineBox);
    bar->addWidget(m_refreshButton);
    bar->addSpacing(12);
    bar->addWidget(m_summary, 1);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(createTablePane());
    splitter->addWidget(createDetailPane());
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({380, 900});
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_message);
    layout->addWidget(createHeldBar());
    layout->addWidget(splitter, 1);

    m_reloadTimer.setSingleShot(true);
    m_reloadTimer.setInterval(kReloadDelayMs);
    connect(&m_reloadTimer, &QTimer::timeout, this, &SchemasPage::reload);
    m_pollTimer.setInterval(kPollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, [this] {
        if (isVisible() && m_pipeline && m_pipeline->isRunning())
            reload();
    });
    m_pollTimer.start();
    connect(m_job, &SchemaHistoryJob::loaded, this,
            [this](quint64, const SchemaSnapshotPtr &snapshot) { apply(snapshot); });
    connect(m_refreshButton, &QPushButton::clicked, this, &SchemasPage::reload);
    connect(m_pipelineBox, &QComboBox::currentIndexChanged, this,
            [this](int row) { setPipeline(m_model->controllerAt(row)); });
    showMessage(nullptr);
}

SchemasPage::~SchemasPage() = default;

QWidget *SchemasPage::createHeldBar()
{
    m_heldBar = new QWidget(this);
    auto *show = new QPushButton(tr("Show held changes"), m_heldBar);
    show->setObjectName(QStringLiteral("schemasShowHeld"));
    show->setToolTip(tr("Open the Dead letters page on the changes held for the table, to "
                        "replay them once the target takes the new shape"));
    auto *resync = new QPushButton(tr("Resync table…"), m_heldBar);
    resync->setObjectName(QStringLiteral("schemasResync"));
    resync->setToolTip(tr("Discard the held changes and copy the table again while streaming"));
    auto *drop = new QPushButton(tr("Drop from pipeline…"), m_heldBar);
    drop->setObjectName(QStringLiteral("schemasDrop"));
    drop->setToolTip(tr("Discard the held changes and take the table out of the pipeline "
                        "file's source tables"));
    auto *row = new QHBoxLayout(m_heldBar);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(show);
    row->addWidget(resync);
    row->addWidget(drop);
    row->addStretch(1);
    connect(show, &QPushButton::clicked, this,
            [this] { emit heldChangesRequested(heldTableForActions()); });
    connect(resync, &QPushButton::clicked, this, [this] { resyncHeldTable(); });
    connect(drop, &QPushButton::clicked, this, [this] { dropHeldTable(); });
    m_heldBar->hide();
    return m_heldBar;
}

QString SchemasPage::heldTableForActions() const
{
    if (!m_snapshot || m_snapshot->held.empty())
        return {};
    const TableHistory *selected =
        m_tableView ? m_tableModel->table(m_tableView->currentIndex().row()) : nullptr;
    for (const auto &held : m_snapshot->held)
        if (selected && held.table == selected->name)
            return QString::fromStdString(held.table);
    return QString::fromStdString(m_snapshot->held.front().table);
}

void SchemasPage::resyncHeldTable(bool confirmed)
{
    const QString table = heldTableForActions();
    if (table.isEmpty() || !m_pipeline)
        return;
    if (!confirmed &&
        QMessageBox::question(
            this, tr("Resync %1").arg(table),
            tr("Discard the changes held for %1 and copy the table again while the pipeline "
               "streams?\n\nChange the target table to the source's new shape first: the copy "
               "goes through the same check, and is held again otherwise.")
                .arg(table)) != QMessageBox::Yes)
        return;
    const std::filesystem::path stateDir =
        QFile::encodeName(m_pipeline->stateDirectory()).toStdString();
    try {
        const int discarded =
            discardHeldChanges(stateDir, table.toStdString(), "resync of " + table.toStdString());
        SnapshotProgress(SnapshotProgress::fileIn(stateDir))
            .request(table.toStdString(), "resync from the console");
        m_message->showMessage(InlineMessage::Kind::Information,
                               tr("%1: held changes discarded: %n. The table is copied again "
                                  "while the pipeline streams.",
                                  nullptr, discarded)
                                   .arg(table));
    } catch (const std::exception &error) {
        m_message->showMessage(
            InlineMessage::Kind::Error,
            tr("Cannot resync %1: %2").arg(table, QString::fromUtf8(error.what())));
    }
    scheduleReload();
}

void SchemasPage::dropHeldTable(bool confirmed)
{
    const QString table = heldTableForActions();
    if (table.isEmpty() || !m_pipeline)
        return;
    auto refuse = [&](const QString &why) {
        m_message->showMessage(InlineMessage::Kind::Error,
                               tr("Cannot drop %1 from the pipeline: %2").arg(table, why));
    };
    // A running pipeline keeps the tables it started with, and would hold new changes again.
    if (m_pipeline->isRunning())
        return refuse(tr("stop the pipeline first."));
    const QString file = m_pipeline->file();
    const std::filesystem::path path = QFile::encodeName(file).toStdString();
    const auto removal = removeSourceTable(path, table.toStdString());
    if (!removal.refusal.empty())
        return refuse(QString::fromStdString(removal.refusal));
    int held = 0;
    for (const auto &each : m_snapshot->held)
        if (each.table == table.toStdString())
            held += each.heldChanges;
    if (!confirmed) {
        QMessageBox box(QMessageBox::Question, tr("Drop %1").arg(table),
                        tr("Drop %1 from the pipeline?\n\nThe changes held for it are discarded: "
                           "%n. It is taken out of the source's tables in %2, which is rewritten "
                           "without its comments. The target table is left as it is.",
                           nullptr, held)
                            .arg(table, file),
                        QMessageBox::Yes | QMessageBox::No, this);
        box.setObjectName(QStringLiteral("schemasDropConfirmation"));
        if (box.exec() != QMessageBox::Yes)
            return;
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) ||
        out.write(removal.yaml.data(), qint64(removal.yaml.size())) < 0 || !out.commit())
        return refuse(out.errorString());
    try {
        const int discarded = discardHeldChanges(
            QFile::encodeName(m_pipeline->stateDirectory()).toStdString(), table.toStdString(),
            "drop of " + table.toStdString() + " from the pipeline");
        m_message->showMessage(
            InlineMessage::Kind::Information,
            tr("%1 dropped from the pipeline: held changes discarded: %n.", nullptr, discarded)
                .arg(table));
    } catch (const std::exception &error) {
        m_message->showMessage(InlineMessage::Kind::Error,
                               tr("%1 was taken out of %2, but its held changes could not be "
                                  "discarded: %3")
                                   .arg(table, file, QString::fromUtf8(error.what())));
    }
    m_pipeline->reload();
    scheduleReload();
}

QWidget *SchemasPage::createTablePane()
{
    m_tableView = makeTableView(m_tableModel, QStringLiteral("schemaTables"), this);
    connect(m_tableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showTable(current.row()); });
    return titledPane(paneHeading(tr("Tables"), this), m_tableView, this);
}

QWidget *SchemasPage::createDetailPane()
{
    m_versionView = makeTableView(m_versionModel, QStringLiteral("schemaVersions"), this);
    m_columnsTitle = paneHeading(tr("Columns"), this);
    m_columnsTitle->setWordWrap(true); // long keys must not widen the pane
    m_columnView = makeTableView(m_columnModel, QStringLiteral("schemaColumns"), this);
    m_beforeBox = new QComboBox(this);
    m_afterBox = new QComboBox(this);
    for (QComboBox *box : {m_beforeBox, m_afterBox}) {
        box->setModel(m_versionModel);
        box->setModelColumn(SchemaVersionModel::Version);
        box->setMinimumContentsLength(3);
        connect(box, &QComboBox::currentIndexChanged, this, &SchemasPage::updateDiff);
    }
    m_diffSummary = new QLabel(this);
    m_diffView = makeTableView(m_diffModel, QStringLiteral("schemaDiff"), this);
    m_diffView->setSelectionMode(QAbstractItemView::NoSelection);
    m_diffView->setAlternatingRowColors(false); // the change colours carry the meaning

    auto *top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(titledPane(paneHeading(tr("Versions"), this), m_versionView, this));
    top->addWidget(titledPane(m_columnsTitle, m_columnView, this));
    top->setSizes({400, 500});
    auto *compareBar = new QWidget(this);
    auto *compare = new QHBoxLayout(compareBar);
    compare->setContentsMargins(0, 0, 0, 0);
    compare->addWidget(paneHeading(tr("Compare version"), compareBar));
    compare->addWidget(m_beforeBox);
    compare->addWidget(new QLabel(tr("with version"), compareBar));
    compare->addWidget(m_afterBox);
    compare->addSpacing(12);
    compare->addWidget(m_diffSummary, 1);
    auto *actionView = makeTableView(m_actionModel, QStringLiteral("schemaActions"), this);
    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(top);
    vertical->addWidget(titledPane(compareBar, m_diffView, this));
    vertical->addWidget(titledPane(paneHeading(tr("What the sinks did"), this), actionView, this));

    connect(m_versionView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showVersion(current.row()); });
    return vertical;
}

void SchemasPage::setPipeline(PipelineController *controller)
{
    if (controller == m_pipeline)
        return;
    for (const auto &connection : std::as_const(m_pipelineConnections))
        disconnect(connection);
    m_pipelineConnections.clear();
    m_pipeline = controller;
    m_job->cancel();
    apply(nullptr);
    if (controller) {
        m_lastState = controller->status().state;
        m_pipelineConnections = {
            connect(controller, &PipelineController::statusChanged, this,
                    &SchemasPage::onStatusChanged),
            connect(controller, &PipelineController::runningChanged, this,
                    &SchemasPage::scheduleReload),
            connect(controller, &PipelineController::configChanged, this,
                    &SchemasPage::scheduleReload),
        };
        m_pipelineBox->setCurrentIndex(m_model->indexOf(controller).row());
        reload();
    }
}

PipelineController *SchemasPage::pipeline() const
{
    return m_pipeline;
}

void SchemasPage::reload()
{
    m_reloadTimer.stop();
    m_stale = false;
    if (!m_pipeline || !m_pipeline->isLoaded()) {
        m_job->cancel();
        apply(nullptr);
        return;
    }
    m_job->load(m_pipeline->stateDirectory());
}

void SchemasPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        reload();
}

void SchemasPage::scheduleReload()
{
    if (isVisible())
        m_reloadTimer.start();
    else
        m_stale = true;
}

void SchemasPage::onStatusChanged()
{
    if (!m_pipeline || m_pipeline->status().state == m_lastState)
        return; // a new position or lag: the history did not change because of it
    m_lastState = m_pipeline->status().state;
    scheduleReload();
}

void SchemasPage::apply(const SchemaSnapshotPtr &snapshot)
{
    showMessage(snapshot.get());
    if (snapshot && m_snapshot && snapshot->sameVersionsAs(*m_snapshot)) {
        emit historyLoaded(); // nothing new: keep the selections
        return;
    }
    const TableHistory *shown = m_versionModel->table();
    const QString table = shown ? QString::fromStdString(shown->name) : QString();
    m_snapshot = snapshot;
    m_tableModel->setSnapshot(snapshot);
    m_summary->setText(snapshot && snapshot->status == SchemaSnapshot::Status::Loaded
                           ? tr("%n table(s)", nullptr, int(snapshot->tables.size()))
                           : QString());
    if (!selectTable(table)) {
        const int first = m_tableModel->rowCount() > 0 ? 0 : -1;
        if (first == 0)
            selectRow(m_tableView, first);
        showTable(first);
    }
    if (snapshot)
        emit historyLoaded();
}

void SchemasPage::showMessage(const SchemaSnapshot *snapshot)
{
    using Kind = InlineMessage::Kind;
    m_heldBar->setVisible(m_pipeline && snapshot &&
                          snapshot->status == SchemaSnapshot::Status::Loaded &&
                          !snapshot->held.empty());
    if (!m_pipeline) {
        m_message->showMessage(Kind::Information,
                               tr("Open a pipeline to see the schemas of the tables it captures."));
    } else if (!m_pipeline->isLoaded()) {
        m_message->showMessage(
            Kind::Error, tr("The pipeline file has problems; the Pipelines page lists them."));
    } else if (!snapshot) {
        m_message->hide(); // loading
    } else if (snapshot->status == SchemaSnapshot::Status::Failed) {
        m_message->showMessage(Kind::Error, tr("Cannot read the schema history in %1: %2")
                                                .arg(snapshot->stateDirectory, snapshot->error));
    } else if (snapshot->status == SchemaSnapshot::Status::NoHistory) {
        m_message->showMessage(Kind::Information,
                               tr("No schema history yet: start the pipeline once. Each table "
                                  "shows here once the pipeline has read a change to it."));
    } else if (snapshot->tables.empty()) {
        m_message->showMessage(Kind::Information,
                               tr("No table recorded yet: each table shows here once the "
                                  "pipeline has read a change to it."));
    } else if (!snapshot->held.empty()) {
        QStringList lines;
        for (const auto &held : snapshot->held)
            lines << tr("%1 is held by sink %2 (changes kept as dead letters: %n): %3", nullptr,
                        held.heldChanges)
                         .arg(QString::fromStdString(held.table), QString::fromStdString(held.sink),
                              QString::fromStdString(held.reason));
        lines << tr("Apply the change to the target by hand, then replay the table's dead letters "
                    "(Dead letters page, or syncline dlq replay <file> --table <table>); or "
                    "discard them and copy the table again (syncline snapshot <file> --table "
                    "<table>).");
        m_message->showMessage(InlineMessage::Kind::Warning, lines.join(u'\n'));
    } else {
        m_message->hide();
    }
}

bool SchemasPage::selectTable(const QString &name)
{
    const int row = m_snapshot && !name.isEmpty() ? m_snapshot->indexOf(name.toStdString()) : -1;
    if (row < 0)
        return false;
    selectRow(m_tableView, row);
    showTable(row); // also when the row was current already
    return true;
}

void SchemasPage::showTable(int row)
{
    const TableHistory *table = m_tableModel->table(row);
    if (table && table == m_versionModel->table())
        return; // shown already (selecting a row also tells us)
    m_versionModel->setTable(m_snapshot, row);
    m_actionModel->setTable(m_snapshot, row);
    const int count = m_versionModel->rowCount();
    selectVersion(count - 1); // the current shape
    compareVersions(std::max(0, count - 2), count - 1);
}

void SchemasPage::selectVersion(int row)
{
    if (row >= 0 && row < m_versionModel->rowCount())
        selectRow(m_versionView, row);
    showVersion(row);
}

void SchemasPage::showVersion(int row)
{
    const SchemaVersion *version = m_versionModel->version(row);
    if (version && version == m_columnModel->version())
        return;
    m_columnModel->setVersion(m_snapshot, version);
    m_columnsTitle->setText(
        version ? tr("Columns of version %1 · key: %2 · replica identity: %3")
                      .arg(version->version)
                      .arg(SchemaTableModel::keyText(version->schema),
                           SchemaTableModel::replicaIdentityText(version->schema.replicaIdentity))
                : tr("Columns"));
}

void SchemasPage::compareVersions(int beforeRow, int afterRow)
{
    const QSignalBlocker blockBefore(m_beforeBox);
    const QSignalBlocker blockAfter(m_afterBox);
    m_beforeBox->setCurrentIndex(beforeRow);
    m_afterBox->setCurrentIndex(afterRow);
    updateDiff();
}

void SchemasPage::updateDiff()
{
    const SchemaVersion *before = m_versionModel->version(m_beforeBox->currentIndex());
    const SchemaVersion *after = m_versionModel->version(m_afterBox->currentIndex());
    if (!before || !after) {
        m_diffModel->clear();
        m_diffSummary->clear();
        return;
    }
    m_diffModel->setDiff(diffSchemas(before->schema, after->schema),
                         tr("Version %1").arg(before->version),
                         tr("Version %1").arg(after->version));
    const int changed = m_diffModel->changedCount();
    m_diffSummary->setText(before == after ? tr("the same version")
                           : changed == 0  ? tr("no differences")
                                           : tr("%n column(s) changed", nullptr, changed));
}

} // namespace syncline::ui
