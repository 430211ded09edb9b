#include "message_browser_bar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>

namespace syncline::ui {

using Kind = kafka::StartPosition::Kind;

MessageBrowserBar::MessageBrowserBar(QWidget *parent)
    : QWidget(parent), m_start(new QComboBox(this)), m_count(new QSpinBox(this)),
      m_offset(new QLineEdit(this)), m_time(new QDateTimeEdit(this)), m_key(new QLineEdit(this)),
      m_value(new QLineEdit(this)), m_header(new QLineEdit(this)), m_tail(new QCheckBox(this))
{
    m_start->addItem(tr("From the beginning"), int(Kind::Beginning));
    m_start->addItem(tr("Last messages of each partition"), int(Kind::End));
    m_start->addItem(tr("From offset"), int(Kind::Offset));
    m_start->addItem(tr("From time"), int(Kind::Timestamp));
    m_count->setRange(0, 1000000);
    m_count->setValue(100);
    m_offset->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[0-9]{1,18}")), m_offset));
    m_offset->setText(QStringLiteral("0"));
    m_time->setDateTime(QDateTime::currentDateTime().addSecs(-3600));
    m_time->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_time->setCalendarPopup(true);
    m_key->setPlaceholderText(tr("Key contains…"));
    m_value->setPlaceholderText(tr("Value contains…"));
    m_header->setPlaceholderText(tr("Header name=value…"));
    for (QLineEdit *edit : {m_key, m_value, m_header})
        edit->setClearButtonEnabled(true);
    m_tail->setText(tr("&Live tail"));

    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(kFilterDelayMs);
    connect(&m_filterTimer, &QTimer::timeout, this, &MessageBrowserBar::readChanged);
    for (QLineEdit *edit : {m_key, m_value, m_header})
        connect(edit, &QLineEdit::textChanged, &m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_start, &QComboBox::currentIndexChanged, this, [this] {
        updateStartEditors();
        emit readChanged();
    });
    connect(m_count, &QSpinBox::editingFinished, this, &MessageBrowserBar::readChanged);
    connect(m_offset, &QLineEdit::editingFinished, this, &MessageBrowserBar::readChanged);
    connect(m_time, &QDateTimeEdit::editingFinished, this, &MessageBrowserBar::readChanged);
    connect(m_tail, &QCheckBox::toggled, this, &MessageBrowserBar::liveTailToggled);

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Start:"), this), 0, 0);
    layout->addWidget(m_start, 0, 1);
    layout->addWidget(m_count, 0, 2);
    layout->addWidget(m_offset, 0, 2);
    layout->addWidget(m_time, 0, 2);
    layout->addWidget(m_tail, 0, 3);
    layout->addWidget(new QLabel(tr("Filter:"), this), 1, 0);
    layout->addWidget(m_key, 1, 1);
    layout->addWidget(m_value, 1, 2);
    layout->addWidget(m_header, 1, 3);
    layout->setColumnStretch(1, 1);
    layout->setColumnStretch(2, 1);
    layout->setColumnStretch(3, 1);
    updateStartEditors();
}

void MessageBrowserBar::updateStartEditors()
{
    const auto kind = Kind(m_start->currentData().toInt());
    m_count->setVisible(kind == Kind::End);
    m_offset->setVisible(kind == Kind::Offset);
    m_time->setVisible(kind == Kind::Timestamp);
}

kafka::StartPosition MessageBrowserBar::startPosition() const
{
    kafka::StartPosition start;
    start.kind = Kind(m_start->currentData().toInt());
    if (start.kind == Kind::End)
        start.value = m_count->value();
    else if (start.kind == Kind::Offset)
        start.value = m_offset->text().toLongLong();
    else if (start.kind == Kind::Timestamp)
        start.value = m_time->dateTime().toMSecsSinceEpoch();
    return start;
}

kafka::MessageFilter MessageBrowserBar::filter() const
{
    kafka::MessageFilter filter;
    filter.keyContains = m_key->text().toStdString();
    filter.valueContains = m_value->text().toStdString();
    const QString header = m_header->text().trimmed();
    const qsizetype equals = header.indexOf(u'=');
    filter.headerName = (equals < 0 ? header : header.left(equals)).trimmed().toStdString();
    if (equals >= 0)
        filter.headerValue = header.mid(equals + 1).toStdString();
    return filter;
}

bool MessageBrowserBar::liveTail() const
{
    return m_tail->isChecked();
}

} // namespace syncline::ui
