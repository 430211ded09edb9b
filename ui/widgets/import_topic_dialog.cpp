#include "import_topic_dialog.h"

#include "widgets/kafka_connection_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace syncline::ui {

ImportTopicDialog::ImportTopicDialog(const TopicConnection &pipelineCluster,
                                     const QStringList &sinks, QWidget *parent)
    : QDialog(parent), m_connection(pipelineCluster), m_topic(new QLineEdit(this)),
      m_sink(new QComboBox(this)), m_cluster(new QLabel(this))
{
    setWindowTitle(tr("Import Dead-Letter Topic"));
    m_topic->setPlaceholderText(tr("e.g. shop.dlq.replica, or a Kafka Connect DLQ topic"));
    m_sink->addItems(sinks);
    m_sink->setEditable(true);
    auto *change = new QPushButton(tr("Other cluster…"), this);
    auto *clusterRow = new QHBoxLayout;
    clusterRow->addWidget(m_cluster, 1);
    clusterRow->addWidget(change);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Topic:"), m_topic);
    form->addRow(tr("Replay to sink:"), m_sink);
    form->addRow(tr("Kafka cluster:"), clusterRow);
    form->addRow(buttons);
    connect(change, &QPushButton::clicked, this, [this] {
        KafkaConnectionDialog dialog(this);
        dialog.setConnection(m_connection);
        if (dialog.exec() == QDialog::Accepted) {
            m_connection = dialog.connection();
            showConnection();
        }
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto updateOk = [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)
            ->setEnabled(m_connection.isValid() && !topic().isEmpty() && !sink().isEmpty());
    };
    connect(m_topic, &QLineEdit::textChanged, this, updateOk);
    connect(m_sink, &QComboBox::currentTextChanged, this, updateOk);
    connect(change, &QPushButton::clicked, this, updateOk);
    showConnection();
    updateOk();
}

QString ImportTopicDialog::topic() const
{
    return m_topic->text().trimmed();
}

QString ImportTopicDialog::sink() const
{
    return m_sink->currentText().trimmed();
}

void ImportTopicDialog::showConnection()
{
    m_cluster->setText(m_connection.isValid() ? m_connection.describe()
                                              : tr("none: enter one with Other cluster…"));
}

} // namespace syncline::ui
