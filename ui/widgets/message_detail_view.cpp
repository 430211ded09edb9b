#include "message_detail_view.h"

#include "codec/envelope_diff.h"
#include "models/envelope_diff_model.h"
#include "transport/kafka/browse_types.h"
#include "transport/kafka/message_json.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace syncline::ui {

namespace {

QPlainTextEdit *newTextView(QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setReadOnly(true);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    return edit;
}

// Pretty JSON when the bytes are JSON, else the bytes as text.
QString readable(const std::optional<std::string> &bytes)
{
    if (!bytes)
        return {};
    const std::string pretty = kafka::prettyJson(*bytes);
    return QString::fromStdString(pretty.empty() ? *bytes : pretty);
}

QString operationName(char op)
{
    switch (op) {
    case 'c':
        return MessageDetailView::tr("insert");
    case 'u':
        return MessageDetailView::tr("update");
    case 'd':
        return MessageDetailView::tr("delete");
    case 'r':
        return MessageDetailView::tr("snapshot read");
    case 't':
        return MessageDetailView::tr("truncate");
    }
    return QString(QChar::fromLatin1(op));
}

} // namespace

MessageDetailView::MessageDetailView(QWidget *parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_tabs(new QTabWidget(this)),
      m_value(newTextView(this)), m_key(newTextView(this)), m_headers(new QTreeWidget(this)),
      m_diffView(new QTableView(this)), m_diffModel(new EnvelopeDiffModel(this)),
      m_diffSummary(new QLabel(this))
{
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_headers->setColumnCount(2);
    m_headers->setHeaderLabels({tr("Header"), tr("Value")});
    m_headers->setRootIsDecorated(false);
    m_diffView->setModel(m_diffModel);
    m_diffView->verticalHeader()->hide();
    m_diffView->horizontalHeader()->setStretchLastSection(true);
    m_diffView->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto *change = new QWidget(this);
    auto *changeLayout = new QVBoxLayout(change);
    changeLayout->setContentsMargins(0, 0, 0, 0);
    changeLayout->addWidget(m_diffSummary);
    changeLayout->addWidget(m_diffView);

    m_tabs->addTab(m_value, tr("Value"));
    m_tabs->addTab(change, tr("Change"));
    m_tabs->addTab(m_key, tr("Key"));
    m_tabs->addTab(m_headers, tr("Headers"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs);
    clear();
}

void MessageDetailView::clear()
{
    m_summary->setText(tr("Select a message to see it in full."));
    m_value->clear();
    m_key->clear();
    m_headers->clear();
    m_diffModel->clear();
    m_diffSummary->clear();
    m_tabs->setTabEnabled(1, false);
}

void MessageDetailView::showMessage(const kafka::BrowsedMessage &message)
{
    const QString time =
        message.timestampMs < 0
            ? tr("no timestamp")
            : QDateTime::fromMSecsSinceEpoch(message.timestampMs).toString(Qt::ISODateWithMs);
    m_summary->setText(
        tr("Partition %1 · offset %2 · %3 · %n header(s)", nullptr, int(message.headers.size()))
            .arg(message.partition)
            .arg(message.offset)
            .arg(time));
    m_value->setPlainText(message.value ? readable(message.value) : tr("(tombstone: no value)"));
    m_key->setPlainText(message.key ? readable(message.key) : tr("(no key)"));
    m_headers->clear();
    for (const auto &[name, value] : message.headers)
        m_headers->addTopLevelItem(
            new QTreeWidgetItem({QString::fromStdString(name), QString::fromStdString(value)}));

    auto diff = message.value ? diffEnvelope(*message.value) : std::nullopt;
    m_tabs->setTabEnabled(1, diff.has_value());
    if (diff) {
        const auto changed = std::count_if(diff->columns.begin(), diff->columns.end(),
                                           [](const ColumnDiff &c) { return c.changed; });
        const QString table = QString::fromStdString(
            diff->schema.empty() ? diff->table : diff->schema + '.' + diff->table);
        m_diffSummary->setText(tr("%1 on %2 · %n column(s) changed", nullptr, int(changed))
                                   .arg(operationName(diff->op), table));
        m_diffModel->setDiff(std::move(*diff));
    } else {
        m_diffModel->clear();
        m_diffSummary->clear();
        if (m_tabs->currentIndex() == 1)
            m_tabs->setCurrentIndex(0);
    }
}

} // namespace syncline::ui
