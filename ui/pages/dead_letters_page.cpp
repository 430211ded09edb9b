#include "dead_letters_page.h"

#include "dead_letter_service.h"
#include "models/dead_letter_model.h"
#include "models/pipeline_list_model.h"
#include "pipeline_controller.h"
#include "topic_connection.h"
#include "widgets/dead_letter_detail_view.h"
#include "widgets/dead_letter_filter_bar.h"
#include "widgets/envelope_edit_dialog.h"
#include "widgets/import_topic_dialog.h"
#include "widgets/inline_message.h"
#include "widgets/replay_panel.h"

#include "config/config_loader.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace syncline::ui {

DeadLettersPage::DeadLettersPage(PipelineListModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_service(new DeadLetterService(this)),
      m_letters(new DeadLetterModel(m_service, this)), m_pipelineBox(new QComboBox(this)),
      m_summary(new QLabel(this)), m_message(new InlineMessage(this)),
      m_filterBar(new DeadLetterFilterBar(this)), m_classes(new QListWidget(this)),
      m_view(new QTableView(this)), m_detail(new DeadLetterDetailView(this)),
      m_bottomTabs(new QTabWidget(this)), m_replay(new ReplayPanel(this)),
      m_audit(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("deadLettersPage"));
    m_classes->setObjectName(QStringLiteral("deadLetterClasses"));
    m_classes->setMaximumWidth(220);
    m_view->setObjectName(QStringLiteral("deadLetterView"));
    m_view->setModel(m_letters);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView *header = m_view->horizontalHeader();
    header->moveSection(DeadLetterModel::Message, DeadLetterModel::ColumnCount - 1); // widest last
    header->setStretchLastSection(true);
    header->setMinimumSectionSize(40);
    for (int column : {int(DeadLetterModel::Attempts), int(DeadLetterModel::Replays)})
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_view->setColumnWidth(DeadLetterModel::Time, 140);
    m_view->setColumnWidth(DeadLetterModel::Table, 100);
    m_view->setColumnWidth(DeadLetterModel::Key, 70);
    m_view->setColumnWidth(DeadLetterModel::ErrorClass, 120);
    m_view->setColumnWidth(DeadLetterModel::Status, 90);
    m_audit->setObjectName(QStringLiteral("auditView"));
    m_audit->setColumnCount(7);
    m_audit->setHeaderLabels({tr("When"), tr("Who"), tr("Action"), tr("Sink"), tr("Filter"),
                              tr("Affected"), tr("Detail")});
    m_audit->setRootIsDecorated(false);
    m_bottomTabs->setObjectName(QStringLiteral("deadLetterBottomTabs"));
    m_bottomTabs->addTab(m_replay, tr("Replay"));
    m_bottomTabs->addTab(m_audit, tr("Audit log"));

    auto *tables = new QSplitter(Qt::Horizontal, this);
    tables->addWidget(m_classes);
    tables->addWidget(m_view);
    tables->addWidget(m_detail);
    tables->setStretchFactor(1, 3);
    tables->setStretchFactor(2, 2);
    tables->setSizes({170, 820, 420});
    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(tables);
    vertical->addWidget(m_bottomTabs);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createTopBar());
    layout->addWidget(m_message);
    layout->addWidget(m_filterBar);
    layout->addWidget(vertical, 1);
    m_message->hide();

    connect(m_pipelineBox, &QComboBox::currentIndexChanged, this,
            [this](int row) { setPipeline(m_model->controllerAt(row)); });
    connect(m_filterBar, &DeadLetterFilterBar::changed, this, &DeadLettersPage::applyFilter);
    connect(m_classes, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
        m_class = item->data(Qt::UserRole).toString().toStdString();
        applyFilter();
    });
    connect(m_letters, &DeadLetterModel::countsChanged, this, &DeadLettersPage::showCounts);
    connect(m_letters, &DeadLetterModel::loadFailed, this, [this](const QString &error) {
        m_message->showMessage(InlineMessage::Kind::Error, error);
        m_message->show();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &DeadLettersPage::selectionChanged);
    connect(m_letters, &QAbstractItemModel::modelReset, this, &DeadLettersPage::selectionChanged);
    connect(m_service, &DeadLetterService::letterLoaded, m_detail,
            &DeadLetterDetailView::showDetail);
    connect(m_service, &DeadLetterService::auditLoaded, this, &DeadLettersPage::showAudit);
    connect(m_service, &DeadLetterService::replayProgress, m_replay, &ReplayPanel::addResults);
    connect(m_service, &DeadLetterService::actionFinished, this, &DeadLettersPage::actionFinished);
    connect(m_replay, &ReplayPanel::replaySelected, this, [this] {
        dlq::DeadLetterFilter filter;
        filter.ids = selectedIds();
        replay(filter, int(filter.ids.size()));
    });
    connect(m_replay, &ReplayPanel::replayAll, this,
            [this] { replay(m_service->filter(), m_letters->totalCount()); });
    connect(m_replay, &ReplayPanel::editThenReplay, this, &DeadLettersPage::editThenReplay);
    connect(m_replay, &ReplayPanel::discardSelected, this, &DeadLettersPage::discardSelected);
    connect(m_replay, &ReplayPanel::cancel, m_service, &DeadLetterService::cancelAction);
    setPipeline(m_model->controllerAt(0));
}

DeadLettersPage::~DeadLettersPage() = default;

QWidget *DeadLettersPage::createTopBar()
{
    auto *bar = new QWidget(this);
    m_pipelineBox->setObjectName(QStringLiteral("deadLettersPipeline"));
    m_pipelineBox->setModel(m_model);
    m_pipelineBox->setModelColumn(PipelineListModel::Name);
    m_pipelineBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *refresh =
        new QPushButton(style()->standardIcon(QStyle::SP_BrowserReload), tr("Refresh"), bar);
    refresh->setObjectName(QStringLiteral("deadLettersRefresh"));
    refresh->setShortcut(QKeySequence::Refresh);
    auto *import = new QPushButton(tr("Import dead-letter topic…"), bar);
    import->setObjectName(QStringLiteral("importDeadLetterTopic"));
    import->setToolTip(tr("Read a dead-letter topic (Syncline's own, or one Kafka Connect "
                          "wrote) into this pipeline's store, to replay it from here"));
    m_summary->setObjectName(QStringLiteral("deadLettersSummary"));
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Pipeline:"), bar));
    layout->addWidget(m_pipelineBox);
    layout->addWidget(refresh);
    layout->addSpacing(12);
    layout->addWidget(m_summary, 1);
    layout->addWidget(import);
    connect(refresh, &QPushButton::clicked, this, &DeadLettersPage::refresh);
    connect(import, &QPushButton::clicked, this, &DeadLettersPage::importTopic);
    return bar;
}

void DeadLettersPage::setPipeline(PipelineController *controller)
{
    if (controller == m_pipeline && controller)
        return;
    m_pipeline = controller;
    m_service->setPipeline(controller ? controller->file() : QString(),
                           controller ? controller->stateDirectory() : QString());
    if (controller)
        m_pipelineBox->setCurrentIndex(m_model->indexOf(controller).row());
    m_replay->clearResults();
    m_replay->setRunning(false);
    m_detail->clear();
    m_class.clear();
    refresh();
}

void DeadLettersPage::refresh()
{
    m_message->hide();
    if (m_pipeline && m_pipeline->stateDirectory().isEmpty()) {
        m_message->showMessage(InlineMessage::Kind::Warning,
                               tr("The pipeline file has problems; see the Pipelines page."));
        m_message->show();
    }
    applyFilter();
    m_service->loadAudit();
}

void DeadLettersPage::showHeldTable(const QString &table)
{
    m_class = "schema_change";
    m_filterBar->selectTable(table);
    applyFilter();
}

void DeadLettersPage::applyFilter()
{
    dlq::DeadLetterFilter filter = m_filterBar->filter();
    filter.errorClass = m_class;
    m_service->setFilter(filter);
}

void DeadLettersPage::showCounts(const DeadLetterCounts &counts)
{
    m_filterBar->setTables(counts.tables);
    m_classes->clear();
    int all = 0;
    for (const auto &each : counts.byClass)
        all += each.count;
    auto add = [this](const QString &text, const std::string &errorClass) {
        auto *item = new QListWidgetItem(text, m_classes);
        item->setData(Qt::UserRole, QString::fromStdString(errorClass));
        item->setSelected(errorClass == m_class);
    };
    add(tr("All classes (%1)").arg(all), {});
    for (const auto &each : counts.byClass)
        add(QStringLiteral("%1 (%2)").arg(QString::fromStdString(each.errorClass)).arg(each.count),
            each.errorClass);
    m_summary->setText(m_pipeline ? tr("%n dead letter(s) match", nullptr, counts.total)
                                  : tr("Open a pipeline to see its dead letters."));
    selectionChanged();
}

void DeadLettersPage::showAudit(const AuditLog &log)
{
    m_audit->clear();
    QList<QTreeWidgetItem *> items;
    for (auto it = log.entries.rbegin(); it != log.entries.rend(); ++it) // newest first
        items.append(new QTreeWidgetItem(
            {localTimeText(it->at), QString::fromStdString(it->actor),
             QString::fromStdString(it->action) + (it->dryRun ? u' ' + tr("(dry run)") : QString()),
             QString::fromStdString(it->sink), QString::fromStdString(it->filter),
             QString::number(it->affected), QString::fromStdString(it->detail)}));
    m_audit->addTopLevelItems(items);
    for (int column = 0; column < 6; ++column)
        m_audit->resizeColumnToContents(column);
    if (!log.error.isEmpty()) {
        m_message->showMessage(InlineMessage::Kind::Error, log.error);
        m_message->show();
    }
}

std::vector<std::int64_t> DeadLettersPage::selectedIds() const
{
    std::vector<std::int64_t> ids;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        ids.push_back(index.data(DeadLetterModel::IdRole).toLongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void DeadLettersPage::selectionChanged()
{
    const auto ids = selectedIds();
    m_replay->setSelectionCount(int(ids.size()), m_letters->totalCount());
    if (ids.size() == 1)
        m_service->loadLetter(ids.front());
    else
        m_detail->clear();
}

bool DeadLettersPage::confirm(const QString &question)
{
    QMessageBox box(QMessageBox::Question, tr("Dead letters"), question,
                    QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("deadLetterConfirmation"));
    box.setDefaultButton(QMessageBox::Cancel);
    return box.exec() == QMessageBox::Yes;
}

void DeadLettersPage::replay(dlq::DeadLetterFilter filter, int count)
{
    const bool dryRun = m_replay->dryRun();
    if (count == 0 ||
        (!dryRun && !confirm(tr("Replay %n dead letter(s) to the target?", nullptr, count))))
        return;
    dlq::ReplayOptions options;
    options.dryRun = dryRun;
    options.maxPerSecond = m_replay->maxPerSecond();
    options.actor = dlq::Replayer::currentActor();
    if (m_service->replay(filter, options)) {
        m_replay->clearResults();
        m_replay->setRunning(true, count);
        m_bottomTabs->setCurrentWidget(m_replay);
    }
}

void DeadLettersPage::discardSelected()
{
    dlq::DeadLetterFilter filter;
    filter.ids = selectedIds();
    const bool dryRun = m_replay->dryRun();
    const int count = int(filter.ids.size());
    if (!dryRun && !confirm(tr("Discard %n dead letter(s)? Later changes of their rows are "
                               "released; the target keeps what it has.",
                               nullptr, count)))
        return;
    if (m_service->discard(filter, dryRun))
        m_replay->setRunning(true, 0);
}

void DeadLettersPage::editThenReplay()
{
    const auto rows = m_view->selectionModel()->selectedRows();
    const dlq::DeadLetter *letter = rows.size() == 1 ? m_letters->letterAt(rows[0].row()) : nullptr;
    if (!letter)
        return;
    EnvelopeEditDialog dialog(letter->id, QString::fromStdString(letter->replayValue()), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (m_service->edit(letter->id, dialog.envelope())) {
        m_replayAfterEdit = letter->id;
        m_replay->setRunning(true, 0);
    }
}

void DeadLettersPage::actionFinished(const DeadLetterActionResult &result)
{
    m_replay->setRunning(false);
    const bool failed = !result.error.isEmpty();
    QString text = failed ? result.error : result.summary;
    if (result.cancelled)
        text += u' ' + tr("Cancelled.");
    m_message->showMessage(failed ? InlineMessage::Kind::Error : InlineMessage::Kind::Information,
                           text);
    m_message->show();
    const auto after = std::exchange(m_replayAfterEdit, std::nullopt);
    if (result.kind == DeadLetterActionResult::Kind::Edit && !failed && after) {
        dlq::DeadLetterFilter filter;
        filter.ids = {*after};
        replay(filter, 1);
        return;
    }
    if (!result.dryRun)
        applyFilter();
    m_service->loadAudit();
    if (const auto ids = selectedIds(); ids.size() == 1)
        m_service->loadLetter(ids.front());
}

void DeadLettersPage::importTopic()
{
    if (!m_pipeline)
        return;
    QStringList sinks;
    auto loaded = loadPipelineConfig(m_pipeline->file().toStdString());
    if (auto *config = std::get_if<PipelineConfig>(&loaded))
        for (const auto &sink : config->sinks)
            sinks.append(QString::fromStdString(sink.name));
    const auto cluster = PipelineCluster::fromFile(m_pipeline->file(), m_pipeline->name(),
                                                   m_pipeline->embeddedKafkaBootstrap());
    ImportTopicDialog dialog(cluster.connection, sinks, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (m_service->importTopic(dialog.connection().toBrowse(), dialog.topic(), dialog.sink()))
        m_replay->setRunning(true, 0);
}

} // namespace syncline::ui
