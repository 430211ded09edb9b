#include "dead_letter_filter_bar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

namespace syncline::ui {

namespace {

using S = dlq::DeadLetterStatus;

// The status box's entries: what they show and the statuses they select.
std::vector<std::pair<QString, std::vector<S>>> statusChoices()
{
    return {{DeadLetterFilterBar::tr("Needs attention"), {S::Pending, S::Held, S::Quarantined}},
            {DeadLetterFilterBar::tr("Any status"), {}},
            {DeadLetterFilterBar::tr("Pending"), {S::Pending}},
            {DeadLetterFilterBar::tr("Held"), {S::Held}},
            {DeadLetterFilterBar::tr("Quarantined"), {S::Quarantined}},
            {DeadLetterFilterBar::tr("Replayed"), {S::Replayed}},
            {DeadLetterFilterBar::tr("Discarded"), {S::Discarded}},
            {DeadLetterFilterBar::tr("Superseded"), {S::Superseded}}};
}

std::string isoUtc(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")).toStdString();
}

} // namespace

DeadLetterFilterBar::DeadLetterFilterBar(QWidget *parent)
    : QWidget(parent), m_table(new QComboBox(this)), m_status(new QComboBox(this)),
      m_sinceOn(new QCheckBox(tr("From"), this)), m_since(new QDateTimeEdit(this)),
      m_untilOn(new QCheckBox(tr("to"), this)), m_until(new QDateTimeEdit(this)),
      m_text(new QLineEdit(this))
{
    m_table->setObjectName(QStringLiteral("deadLetterTable"));
    m_table->addItem(tr("All tables"));
    m_table->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_status->setObjectName(QStringLiteral("deadLetterStatus"));
    for (const auto &choice : statusChoices())
        m_status->addItem(choice.first);
    const QDateTime now = QDateTime::currentDateTime();
    for (QDateTimeEdit *edit : {m_since, m_until}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setEnabled(false);
    }
    m_since->setDateTime(now.addDays(-1));
    m_until->setDateTime(now);
    m_text->setObjectName(QStringLiteral("deadLetterText"));
    m_text->setPlaceholderText(tr("Search key, change and error…"));
    m_text->setClearButtonEnabled(true);
    m_textDebounce.setSingleShot(true);
    m_textDebounce.setInterval(250);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addWidget(m_status);
    layout->addWidget(m_sinceOn);
    layout->addWidget(m_since);
    layout->addWidget(m_untilOn);
    layout->addWidget(m_until);
    layout->addWidget(m_text, 1);

    connect(m_table, &QComboBox::currentIndexChanged, this, &DeadLetterFilterBar::changed);
    connect(m_status, &QComboBox::currentIndexChanged, this, &DeadLetterFilterBar::changed);
    for (auto [check, edit] : {std::pair{m_sinceOn, m_since}, std::pair{m_untilOn, m_until}}) {
        connect(check, &QCheckBox::toggled, edit, &QWidget::setEnabled);
        connect(check, &QCheckBox::toggled, this, &DeadLetterFilterBar::changed);
        connect(edit, &QDateTimeEdit::editingFinished, this, [this, check = check] {
            if (check->isChecked())
                emit changed();
        });
    }
    connect(m_text, &QLineEdit::textChanged, &m_textDebounce, qOverload<>(&QTimer::start));
    connect(&m_textDebounce, &QTimer::timeout, this, &DeadLetterFilterBar::changed);
}

dlq::DeadLetterFilter DeadLetterFilterBar::filter() const
{
    dlq::DeadLetterFilter filter;
    if (m_table->currentIndex() > 0)
        filter.table = m_table->currentText().toStdString();
    const auto choices = statusChoices();
    filter.statuses = choices[std::size_t(std::max(0, m_status->currentIndex()))].second;
    if (m_sinceOn->isChecked())
        filter.since = isoUtc(m_since->dateTime());
    if (m_untilOn->isChecked())
        filter.until = isoUtc(m_until->dateTime());
    filter.text = m_text->text().toStdString();
    return filter;
}

void DeadLetterFilterBar::setTables(const std::vector<std::string> &tables)
{
    const QString current = m_table->currentIndex() > 0 ? m_table->currentText() : QString();
    QSignalBlocker blocker(m_table);
    while (m_table->count() > 1)
        m_table->removeItem(1);
    for (const auto &table : tables)
        m_table->addItem(QString::fromStdString(table));
    m_table->setCurrentIndex(std::max(0, m_table->findText(current)));
}

void DeadLetterFilterBar::selectTable(const QString &table)
{
    if (m_table->findText(table) < 0)
        m_table->addItem(table);
    m_table->setCurrentIndex(m_table->findText(table));
}

} // namespace syncline::ui
