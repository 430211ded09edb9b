#pragma once

#include "topic_connection.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;

namespace syncline::kafka {
struct TopicListing;
}

namespace syncline::ui {

class InlineMessage;
class MessageBrowserBar;
class MessageDetailView;
class PipelineWorkspace;
class TopicBrowserJob;
class TopicListModel;
class TopicMessageModel;

// Kafka topics: the cluster of an open pipeline (Kafka transport) or one the user enters; its
// topics with partitions, watermarks and message counts; a lazy message browser on the
// selected topic with start position, filters, live tail, a detail pane and export to JSON
// lines. Every broker call runs on the job's threads; failures and timeouts show inline.
class TopicsPage : public QWidget
{
    Q_OBJECT

public:
    explicit TopicsPage(PipelineWorkspace *workspace, QWidget *parent = nullptr);

    // Browses `connection` (a cluster the user entered) and lists its topics.
    void browse(const TopicConnection &connection);
    void refreshTopics();
    // Writes the selected messages to `file` as JSON lines; false (and the reason) on failure.
    bool exportSelected(const QString &file, QString *error = nullptr) const;

    TopicBrowserJob *job() const { return m_job; }
    TopicListModel *topicModel() const { return m_topics; }
    TopicMessageModel *messageModel() const { return m_messages; }
    QTableView *topicView() const { return m_topicView; }
    QTableView *messageView() const { return m_messageView; }
    MessageBrowserBar *browserBar() const { return m_bar; }
    MessageDetailView *detailView() const { return m_detail; }
    InlineMessage *message() const { return m_message; }
    QLabel *statusLabel() const { return m_status; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateClusters();
    // Browses the cluster at `index`; the empty "Other cluster…" entry asks for one when
    // the user chose it.
    void useCluster(int index, bool chosenByUser);
    void editCustomCluster();
    void onTopicsListed(quint64 generation, const kafka::TopicListing &listing);
    void openSelectedTopic();
    void showCurrentMessage();
    void exportWithDialog();
    QString currentTopic() const;

    PipelineWorkspace *m_workspace;
    TopicBrowserJob *m_job;
    TopicListModel *m_topics;
    QSortFilterProxyModel *m_topicProxy;
    TopicMessageModel *m_messages;
    QComboBox *m_clusterBox;
    QPushButton *m_refresh;
    InlineMessage *m_message;
    QTableView *m_topicView;
    MessageBrowserBar *m_bar;
    QTableView *m_messageView;
    QLabel *m_status;
    QPushButton *m_export;
    MessageDetailView *m_detail;
    QSplitter *m_split = nullptr;      // topics | messages
    bool m_splitSized = false;         // once, when first shown
    QList<PipelineCluster> m_clusters; // by combo index; the last one is m_custom
    TopicConnection m_custom;
};

} // namespace syncline::ui
