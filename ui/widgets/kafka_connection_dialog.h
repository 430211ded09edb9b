#pragma once

#include "topic_connection.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;

namespace syncline::ui {

// Another Kafka cluster to browse: bootstrap servers, security protocol, SASL user and password
// (masked), and further librdkafka properties as name=value lines.
class KafkaConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    explicit KafkaConnectionDialog(QWidget *parent = nullptr);

    void setConnection(const TopicConnection &connection);
    TopicConnection connection() const;

private:
    QLineEdit *m_bootstrap;
    QComboBox *m_protocol;
    QComboBox *m_mechanism;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QPlainTextEdit *m_other;
};

} // namespace syncline::ui
