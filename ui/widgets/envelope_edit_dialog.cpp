#include "envelope_edit_dialog.h"

#include "codec/debezium_envelope.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace syncline::ui {

EnvelopeEditDialog::EnvelopeEditDialog(qint64 id, const QString &envelope, QWidget *parent)
    : QDialog(parent), m_editor(new QPlainTextEdit(this)), m_problem(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Edit dead letter #%1").arg(id));
    setObjectName(QStringLiteral("envelopeEditDialog"));
    m_editor->setObjectName(QStringLiteral("envelopeEditor"));
    m_editor->setFont(QFont(QStringLiteral("monospace")));
    m_editor->setPlainText(envelope);
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_buttons->button(QDialogButtonBox::Save)->setText(tr("Save and replay"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("The change a replay applies, as a Debezium JSON envelope. The "
                                    "original stays in the store."),
                                 this));
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    resize(720, 520);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(200);
    connect(m_editor, &QPlainTextEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(&m_debounce, &QTimer::timeout, this, &EnvelopeEditDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        validate();
        if (m_valid)
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

QString EnvelopeEditDialog::envelope() const
{
    return m_editor->toPlainText();
}

void EnvelopeEditDialog::validate()
{
    try {
        const auto decoded = decodeValue(envelope().toStdString());
        m_valid = true;
        m_problem->setText(tr("A valid change event on %1.%2.")
                               .arg(QString::fromStdString(decoded.schema),
                                    QString::fromStdString(decoded.table)));
        m_problem->setStyleSheet({});
    } catch (const CodecError &error) {
        m_valid = false;
        m_problem->setText(tr("Not a change event a replay can apply: %1")
                               .arg(QString::fromStdString(error.what())));
        m_problem->setStyleSheet(QStringLiteral("color: #b03020"));
    }
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(m_valid);
}

} // namespace syncline::ui
