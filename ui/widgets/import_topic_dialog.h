#pragma once

#include "topic_connection.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;

namespace syncline::ui {

// "Import dead-letter topic…": which topic (Syncline's <prefix>.dlq.<sink> or one Kafka Connect
// wrote), which sink replays apply to, and the Kafka cluster: the pipeline's transport, or one
// entered with KafkaConnectionDialog.
class ImportTopicDialog : public QDialog
{
    Q_OBJECT

public:
    ImportTopicDialog(const TopicConnection &pipelineCluster, const QStringList &sinks,
                      QWidget *parent = nullptr);

    TopicConnection connection() const { return m_connection; }
    QString topic() const;
    QString sink() const;

private:
    void showConnection();

    TopicConnection m_connection;
    QLineEdit *m_topic;
    QComboBox *m_sink;
    QLabel *m_cluster;
};

} // namespace syncline::ui
