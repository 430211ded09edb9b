#include "topics_page.h"

#include "models/topic_list_model.h"
#include "models/topic_message_model.h"
#include "pipeline_controller.h"
#include "pipeline_workspace.h"
#include "topic_browser_job.h"
#include "transport/kafka/message_json.h"
#include "widgets/inline_message.h"
#include "widgets/kafka_connection_dialog.h"
#include "widgets/message_browser_bar.h"
#include "widgets/message_detail_view.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace syncline::ui {

namespace {

QTableView *newTableView(QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    return view;
}

} // namespace

TopicsPage::TopicsPage(PipelineWorkspace *workspace, QWidget *parent)
    : QWidget(parent), m_workspace(workspace), m_job(new TopicBrowserJob(this)),
      m_topics(new TopicListModel(this)), m_topicProxy(new QSortFilterProxyModel(this)),
      m_messages(new TopicMessageModel(m_job, this)), m_clusterBox(new QComboBox(this)),
      m_refresh(new QPushButton(tr("&Refresh"), this)), m_message(new InlineMessage(this)),
      m_topicView(newTableView(this)), m_bar(new MessageBrowserBar(this)),
      m_messageView(newTableView(this)), m_status(new QLabel(this)),
      m_export(new QPushButton(tr("&Export Selected…"), this)),
      m_detail(new MessageDetailView(this))
{
    m_topicProxy->setSourceModel(m_topics);
    m_topicProxy->setSortRole(TopicListModel::SortRole);
    m_topicView->setModel(m_topicProxy);
    m_topicView->setSortingEnabled(true);
    m_topicView->sortByColumn(TopicListModel::Name, Qt::AscendingOrder);
    m_topicView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_messageView->setModel(m_messages);
    m_messageView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_messageView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_export->setEnabled(false);
    m_message->hide();

    connect(m_clusterBox, &QComboBox::activated, this,
            [this](int index) { useCluster(index, true); });
    connect(m_refresh, &QPushButton::clicked, this, &TopicsPage::refreshTopics);
    connect(m_job, &TopicBrowserJob::topicsListed, this, &TopicsPage::onTopicsListed);
    connect(m_topicView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &TopicsPage::openSelectedTopic);
    connect(m_bar, &MessageBrowserBar::readChanged, this, &TopicsPage::openSelectedTopic);
    connect(m_bar, &MessageBrowserBar::liveTailToggled, m_messages,
            &TopicMessageModel::setLiveTail);
    connect(m_messages, &TopicMessageModel::statusChanged, this,
            [this] { m_status->setText(m_messages->statusText()); });
    connect(m_messages, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_messages->liveTail())
            m_messageView->scrollToBottom();
    });
    connect(m_messageView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &TopicsPage::showCurrentMessage);
    connect(m_messageView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_export->setEnabled(m_messageView->selectionModel()->hasSelection()); });
    connect(m_messages, &QAbstractItemModel::modelReset, m_detail, &MessageDetailView::clear);
    connect(m_export, &QPushButton::clicked, this, &TopicsPage::exportWithDialog);
    if (m_workspace) {
        connect(m_workspace, &PipelineWorkspace::pipelineAdded, this, &TopicsPage::updateClusters);
        connect(m_workspace, &PipelineWorkspace::pipelineRemoved, this,
                &TopicsPage::updateClusters);
    }

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Cluster:"), this));
    top->addWidget(m_clusterBox, 1);
    auto *other = new QPushButton(tr("&Other Cluster…"), this);
    connect(other, &QPushButton::clicked, this, &TopicsPage::editCustomCluster);
    top->addWidget(other);
    top->addWidget(m_refresh);

    auto *browser = new QWidget(this);
    auto *browserLayout = new QVBoxLayout(browser);
    browserLayout->setContentsMargins(0, 0, 0, 0);
    browserLayout->addWidget(m_bar);
    browserLayout->addWidget(m_messageView, 1);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_export);
    browserLayout->addLayout(statusRow);

    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(browser);
    right->addWidget(m_detail);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_topicView);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    m_split = split;

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);
    updateClusters();
}

void TopicsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!std::exchange(m_splitSized, true)) // a topic list wide enough for its columns
        m_split->setSizes({width() / 3, width() - width() / 3});
}

void TopicsPage::updateClusters()
{
    const QString current = m_clusterBox->currentText();
    const int before = m_clusterBox->currentIndex();
    const PipelineCluster previous =
        before >= 0 && before < m_clusters.size() ? m_clusters[before] : PipelineCluster();
    m_clusters.clear();
    m_clusterBox->clear();
    const QList<PipelineController *> pipelines =
        m_workspace ? m_workspace->pipelines() : QList<PipelineController *>();
    for (PipelineController *pipeline : pipelines) {
        // An embedded broker can be browsed only while its pipeline runs here.
        connect(pipeline, &PipelineController::embeddedKafkaChanged, this,
                &TopicsPage::updateClusters, Qt::UniqueConnection);
        auto cluster = PipelineCluster::fromFile(pipeline->file(), pipeline->name(),
                                                 pipeline->embeddedKafkaBootstrap());
        if (!cluster.usesKafka)
            continue;
        m_clusterBox->addItem(tr("Pipeline %1").arg(pipeline->name()));
        m_clusters.append(std::move(cluster));
    }
    m_clusterBox->addItem(m_custom.isValid() ? tr("Other: %1").arg(m_custom.describe())
                                             : tr("Other cluster…"));
    m_clusters.append({true, m_custom, {}});
    int keep = m_clusterBox->findText(current);
    if (keep == m_clusterBox->count() - 1 && !m_custom.isValid())
        keep = -1; // nothing chosen yet: the first pipeline's cluster
    m_clusterBox->setCurrentIndex(keep >= 0 ? keep : 0);
    const PipelineCluster &now = m_clusters[m_clusterBox->currentIndex()];
    if (keep < 0 || now.connection != previous.connection || now.problem != previous.problem)
        useCluster(m_clusterBox->currentIndex(), false);
}

void TopicsPage::useCluster(int index, bool chosenByUser)
{
    if (index < 0 || index >= m_clusters.size())
        return;
    const PipelineCluster &cluster = m_clusters[index];
    if (!cluster.problem.isEmpty()) {
        m_job->setConnection({});
        m_messages->close();
        m_topics->setTopics({});
        m_message->showMessage(InlineMessage::Kind::Information, cluster.problem);
        m_message->show();
        return;
    }
    const TopicConnection &connection = cluster.connection;
    if (!connection.isValid()) {
        if (chosenByUser)
            editCustomCluster();
        return;
    }
    if (connection == m_job->connection() && m_topics->rowCount() > 0)
        return;
    m_job->setConnection(connection);
    m_messages->close();
    m_topics->setTopics({});
    refreshTopics();
}

void TopicsPage::editCustomCluster()
{
    KafkaConnectionDialog dialog(this);
    dialog.setConnection(m_custom);
    if (dialog.exec() == QDialog::Accepted)
        browse(dialog.connection());
}

void TopicsPage::browse(const TopicConnection &connection)
{
    m_custom = connection;
    m_custom.label.clear();
    updateClusters();
    m_clusterBox->setCurrentIndex(m_clusterBox->count() - 1);
    m_job->setConnection(m_custom);
    m_messages->close();
    m_topics->setTopics({});
    refreshTopics();
}

void TopicsPage::refreshTopics()
{
    if (!m_job->connection().isValid())
        return;
    m_message->showMessage(InlineMessage::Kind::Information,
                           tr("Listing the topics of %1…").arg(m_job->connection().describe()));
    m_message->show();
    m_job->listTopics();
}

void TopicsPage::onTopicsListed(quint64, const kafka::TopicListing &listing)
{
    const QString error = QString::fromStdString(listing.error);
    const int seconds = m_job->timeoutMs() / 1000;
    switch (listing.outcome) {
    case kafka::BrowseOutcome::Done: {
        const QString topic = currentTopic();
        m_topics->setTopics(listing.topics);
        m_topicView->resizeColumnsToContents();
        m_message->hide();
        if (const int row = m_topics->rowOf(topic); row >= 0)
            m_topicView->selectRow(m_topicProxy->mapFromSource(m_topics->index(row, 0)).row());
        return;
    }
    case kafka::BrowseOutcome::TimedOut:
        m_message->showMessage(
            InlineMessage::Kind::Warning,
            error.isEmpty()
                ? tr("The brokers did not answer within %n second(s). Refresh to try again.",
                     nullptr, seconds)
                : tr("The brokers did not answer within %n second(s) (%1). Refresh to try again.",
                     nullptr, seconds)
                      .arg(error));
        break;
    case kafka::BrowseOutcome::Cancelled:
        return;
    default:
        m_message->showMessage(InlineMessage::Kind::Error,
                               tr("Cannot list the topics: %1").arg(error));
    }
    m_message->show();
}

QString TopicsPage::currentTopic() const
{
    const QModelIndex current = m_topicView->selectionModel()->currentIndex();
    if (!current.isValid())
        return {};
    return QString::fromStdString(m_topics->topic(m_topicProxy->mapToSource(current).row()).name);
}

void TopicsPage::openSelectedTopic()
{
    const QString topic = currentTopic();
    if (topic.isEmpty()) {
        m_messages->close();
        return;
    }
    m_messages->open(topic, m_bar->startPosition(), m_bar->filter());
    m_messages->setLiveTail(m_bar->liveTail());
}

void TopicsPage::showCurrentMessage()
{
    const QModelIndex current = m_messageView->selectionModel()->currentIndex();
    if (current.isValid())
        m_detail->showMessage(m_messages->message(current.row()));
    else
        m_detail->clear();
}

bool TopicsPage::exportSelected(const QString &file, QString *error) const
{
    QModelIndexList rows = m_messageView->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end());
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly)) {
        if (error)
            *error = out.errorString();
        return false;
    }
    const std::string topic = m_messages->topic().toStdString();
    for (const QModelIndex &row : rows) {
        std::string line = kafka::messageToJsonLine(topic, m_messages->message(row.row()));
        line += '\n';
        out.write(line.data(), qint64(line.size()));
    }
    if (!out.commit()) {
        if (error)
            *error = out.errorString();
        return false;
    }
    return true;
}

void TopicsPage::exportWithDialog()
{
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Export Messages"), m_messages->topic() + u".jsonl",
                                     tr("JSON lines (*.jsonl);;All files (*)"));
    if (file.isEmpty())
        return;
    QString error;
    if (exportSelected(file, &error)) {
        m_message->hide();
    } else {
        m_message->showMessage(InlineMessage::Kind::Error,
                               tr("Cannot write %1: %2").arg(file, error));
        m_message->show();
    }
}

} // namespace syncline::ui
