#include "kafka_connection_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>

namespace syncline::ui {

namespace {

const QString kProtocol = QStringLiteral("security.protocol");
const QString kMechanism = QStringLiteral("sasl.mechanism");
const QString kUsername = QStringLiteral("sasl.username");
const QString kPassword = QStringLiteral("sasl.password");

} // namespace

KafkaConnectionDialog::KafkaConnectionDialog(QWidget *parent)
    : QDialog(parent), m_bootstrap(new QLineEdit(this)), m_protocol(new QComboBox(this)),
      m_mechanism(new QComboBox(this)), m_username(new QLineEdit(this)),
      m_password(new QLineEdit(this)), m_other(new QPlainTextEdit(this))
{
    setWindowTitle(tr("Kafka Cluster"));
    m_bootstrap->setPlaceholderText(tr("host1:9092,host2:9092"));
    m_protocol->addItems({QStringLiteral("PLAINTEXT"), QStringLiteral("SSL"),
                          QStringLiteral("SASL_PLAINTEXT"), QStringLiteral("SASL_SSL")});
    m_mechanism->setEditable(true);
    m_mechanism->addItems({QStringLiteral("PLAIN"), QStringLiteral("SCRAM-SHA-256"),
                           QStringLiteral("SCRAM-SHA-512")});
    m_password->setEchoMode(QLineEdit::Password);
    m_other->setPlaceholderText(tr("Further librdkafka properties, one name=value per line,\n"
                                   "e.g. ssl.ca.location=/etc/ssl/certs/ca.pem"));
    m_other->setTabChangesFocus(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto updateSasl = [this, buttons] {
        const bool sasl = m_protocol->currentText().startsWith(u"SASL");
        m_mechanism->setEnabled(sasl);
        m_username->setEnabled(sasl);
        m_password->setEnabled(sasl);
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_bootstrap->text().trimmed().isEmpty());
    };
    connect(m_protocol, &QComboBox::currentTextChanged, this, updateSasl);
    connect(m_bootstrap, &QLineEdit::textChanged, this, updateSasl);

    auto *form = new QFormLayout(this);
    form->addRow(tr("&Bootstrap servers:"), m_bootstrap);
    form->addRow(tr("&Security protocol:"), m_protocol);
    form->addRow(tr("SASL &mechanism:"), m_mechanism);
    form->addRow(tr("&User name:"), m_username);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(tr("&Other properties:"), m_other);
    form->addRow(buttons);
    updateSasl();
}

void KafkaConnectionDialog::setConnection(const TopicConnection &connection)
{
    m_bootstrap->setText(connection.bootstrap);
    QStringList other;
    for (const auto &[name, value] : connection.properties) {
        if (name == kProtocol)
            m_protocol->setCurrentText(value);
        else if (name == kMechanism)
            m_mechanism->setCurrentText(value);
        else if (name == kUsername)
            m_username->setText(value);
        else if (name == kPassword)
            m_password->setText(value);
        else
            other << name + u'=' + value;
    }
    m_other->setPlainText(other.join(u'\n'));
}

TopicConnection KafkaConnectionDialog::connection() const
{
    TopicConnection connection;
    connection.bootstrap = m_bootstrap->text().trimmed();
    connection.properties.append({kProtocol, m_protocol->currentText()});
    if (m_protocol->currentText().startsWith(u"SASL")) {
        connection.properties.append({kMechanism, m_mechanism->currentText()});
        if (!m_username->text().isEmpty())
            connection.properties.append({kUsername, m_username->text()});
        if (!m_password->text().isEmpty())
            connection.properties.append({kPassword, m_password->text()});
    }
    const QStringList lines = m_other->toPlainText().split(u'\n');
    for (const QString &line : lines) {
        const qsizetype equals = line.indexOf(u'=');
        if (line.trimmed().isEmpty() || line.trimmed().startsWith(u'#') || equals <= 0)
            continue;
        connection.properties.append({line.left(equals).trimmed(), line.mid(equals + 1).trimmed()});
    }
    return connection;
}

} // namespace syncline::ui
