#include "dead_letter_detail_view.h"

#include "codec/envelope_diff.h"
#include "dead_letter_results.h"
#include "models/dead_letter_model.h"
#include "models/envelope_diff_model.h"
#include "transport/kafka/message_json.h"

#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace syncline::ui {

namespace {

QString pretty(const std::string &json)
{
    const std::string text = kafka::prettyJson(json);
    return QString::fromStdString(text.empty() ? json : text);
}

QPlainTextEdit *readOnlyText(QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setReadOnly(true);
    edit->setFont(QFont(QStringLiteral("monospace")));
    return edit;
}

QTreeWidget *twoColumnTree(const QStringList &headers, QWidget *parent)
{
    auto *tree = new QTreeWidget(parent);
    tree->setColumnCount(int(headers.size()));
    tree->setHeaderLabels(headers);
    tree->setRootIsDecorated(false);
    tree->header()->setStretchLastSection(true);
    return tree;
}

} // namespace

DeadLetterDetailView::DeadLetterDetailView(QWidget *parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_tabs(new QTabWidget(this)),
      m_diffModel(new EnvelopeDiffModel(this)), m_envelope(readOnlyText(this)),
      m_error(readOnlyText(this)), m_fields(twoColumnTree({tr("Field"), tr("Value")}, this)),
      m_history(twoColumnTree({tr("When"), tr("Who"), tr("What"), tr("Detail")}, this))
{
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_tabs->setObjectName(QStringLiteral("deadLetterDetailTabs"));
    m_history->setObjectName(QStringLiteral("deadLetterHistory"));
    auto *diffView = new QTableView(this);
    diffView->setModel(m_diffModel);
    diffView->verticalHeader()->hide();
    diffView->horizontalHeader()->setStretchLastSection(true);
    m_error->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);

    m_tabs->addTab(diffView, tr("Before / after"));
    m_tabs->addTab(m_envelope, tr("Change event"));
    m_tabs->addTab(m_error, tr("Error"));
    m_tabs->addTab(m_fields, tr("Fields"));
    m_tabs->addTab(m_history, tr("History"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);
    clear();
}

void DeadLetterDetailView::clear()
{
    m_summary->setText(tr("Select a dead letter to see it in full."));
    m_diffModel->clear();
    m_envelope->clear();
    m_error->clear();
    m_fields->clear();
    m_history->clear();
}

void DeadLetterDetailView::showDetail(const DeadLetterDetail &detail)
{
    clear();
    if (!detail.letter) {
        m_summary->setText(detail.error.isEmpty() ? tr("This dead letter is gone.") : detail.error);
        return;
    }
    const dlq::DeadLetter &letter = *detail.letter;
    m_summary->setText(tr("#%1 · %2 · %3 · sink %4")
                           .arg(qint64(letter.id))
                           .arg(statusText(letter.status), QString::fromStdString(letter.table),
                                QString::fromStdString(letter.sink)));
    if (auto diff = diffEnvelope(letter.replayValue()))
        m_diffModel->setDiff(std::move(*diff));
    QString envelope = pretty(letter.replayValue());
    if (letter.edited)
        envelope = tr("Edited by an operator; a replay applies this. The original:") + u"\n" +
                   pretty(letter.value) + u"\n\n" + tr("Edited:") + u"\n" + envelope;
    m_envelope->setPlainText(envelope);
    m_error->setPlainText(tr("%1 (SQLSTATE %2), %n attempt(s)", nullptr, letter.attempts)
                              .arg(QString::fromStdString(letter.errorClass),
                                   QString::fromStdString(letter.sqlstate)) +
                          u"\n\n" + QString::fromStdString(letter.message));

    const std::pair<QString, std::string> fields[] = {
        {tr("Id"), std::to_string(letter.id)},
        {tr("Sink"), letter.sink},
        {tr("Event id"), letter.eventId},
        {tr("Table"), letter.table},
        {tr("Key"), letter.key},
        {tr("Source LSN"), letter.sourceLsn},
        {tr("Source transaction"), std::to_string(letter.sourceTxid)},
        {tr("First failed"), letter.firstFailedAt},
        {tr("Dead-lettered"), letter.deadLetteredAt},
        {tr("Held behind"), letter.heldBehind ? '#' + std::to_string(*letter.heldBehind) : ""},
        {tr("Replays"), std::to_string(letter.replayCount)},
        {tr("Last replay"), letter.lastReplayAt},
        {tr("Last replay error"), letter.lastReplayError},
    };
    for (const auto &[name, value] : fields)
        m_fields->addTopLevelItem(new QTreeWidgetItem({name, QString::fromStdString(value)}));
    m_fields->resizeColumnToContents(0);

    auto addHistory = [this](const std::string &at, const QString &who, const QString &what,
                             const QString &text) {
        m_history->addTopLevelItem(new QTreeWidgetItem({localTimeText(at), who, what, text}));
    };
    addHistory(letter.deadLetteredAt, tr("pipeline"), tr("dead-lettered"),
               tr("after %n attempt(s)", nullptr, letter.attempts));
    for (const auto &entry : detail.history) {
        QString what = QString::fromStdString(entry.action);
        if (entry.dryRun)
            what += u' ' + tr("(dry run)");
        addHistory(
            entry.at, QString::fromStdString(entry.actor), what,
            tr("%1 · %n affected", nullptr, entry.affected)
                    .arg(QString::fromStdString(entry.filter)) +
                (entry.detail.empty() ? QString() : u" · " + QString::fromStdString(entry.detail)));
    }
    if (letter.replayCount > 0)
        addHistory(letter.lastReplayAt, {}, tr("last replay"),
                   letter.lastReplayError.empty() ? statusText(letter.status)
                                                  : QString::fromStdString(letter.lastReplayError));
    for (int column = 0; column < 3; ++column)
        m_history->resizeColumnToContents(column);
}

} // namespace syncline::ui
