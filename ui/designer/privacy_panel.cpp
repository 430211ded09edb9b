#include "designer/privacy_panel.h"

#include "connector/source_inspection.h"
#include "designer/privacy_column_model.h"
#include "util/glob.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace syncline::ui {

namespace {

// Whether a source "tables" entry ("orders", "public.orders", "sales.order_*") names the table;
// a bare name matches it in any schema.
bool entryNames(const std::string &entry, const InspectedTable &table)
{
    const auto dot = entry.find('.');
    if (dot == std::string::npos)
        return globMatches(entry, table.name);
    return globMatches(std::string_view(entry).substr(0, dot), table.schema) &&
           globMatches(std::string_view(entry).substr(dot + 1), table.name);
}

} // namespace

PrivacyPanel::PrivacyPanel(QWidget *parent)
    : QWidget(parent), m_model(new PrivacyColumnModel(this)), m_view(new QTableView(this)),
      m_read(new QPushButton(tr("Read columns"), this)),
      m_preview(new QPushButton(tr("Preview…"), this)), m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("privacyPanel"));
    m_read->setObjectName(QStringLiteral("readColumns"));
    m_read->setToolTip(tr("Reads the source's columns and their comments (pii: tags)"));
    m_preview->setObjectName(QStringLiteral("privacyPreview"));
    m_preview->setEnabled(false);
    m_summary->setWordWrap(true);
    m_summary->setText(tr("Read the source's columns to see what the transforms cover."));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_read);
    buttons->addStretch();
    buttons->addWidget(m_preview);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);

    connect(m_read, &QPushButton::clicked, this, &PrivacyPanel::readRequested);
    connect(m_preview, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = m_view->selectionModel()->selectedRows();
        emit previewRequested(rows.isEmpty() ? m_model->tableAt(0)
                                             : m_model->tableAt(rows.front().row()));
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &PrivacyPanel::updateSummary);
}

void PrivacyPanel::setLoading()
{
    m_error.clear();
    m_summary->setStyleSheet(QString());
    m_summary->setText(tr("Reading the source's columns…"));
}

void PrivacyPanel::setError(const QString &message)
{
    m_error = message;
    updateSummary();
}

void PrivacyPanel::setTables(const std::vector<InspectedTable> &tables,
                             const std::vector<std::string> &entries)
{
    m_error.clear();
    std::vector<TableSchema> shown;
    for (const auto &table : tables) {
        const bool named = entries.empty() ||
                           std::any_of(entries.begin(), entries.end(),
                                       [&](const auto &entry) { return entryNames(entry, table); });
        if (named)
            shown.push_back(table.shape());
    }
    m_model->setTables(std::move(shown));
}

void PrivacyPanel::updateSummary()
{
    m_preview->setEnabled(m_model->rowCount() > 0);
    if (!m_error.isEmpty()) {
        m_summary->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_summary->setText(m_error);
        return;
    }
    if (m_model->tables().empty())
        return;
    m_view->resizeColumnsToContents();
    const int unmasked = m_model->unmaskedCount();
    m_summary->setStyleSheet(unmasked ? QStringLiteral("color: #c62828;") : QString());
    const QString tagged = tr("%n column(s) tagged pii: in %1.", nullptr, m_model->taggedCount())
                               .arg(tr("%n table(s)", nullptr, int(m_model->tables().size())));
    if (m_model->taggedCount() == 0) {
        m_summary->setText(tagged);
        return;
    }
    m_summary->setText(tagged + QLatin1Char(' ') +
                       (unmasked ? tr("Masked by no step (red): %1. Validate and run refuse the "
                                      "pipeline until a step masks them or allow_unmasked "
                                      "names them.")
                                       .arg(unmasked)
                                 : tr("Each is masked or named in allow_unmasked.")));
}

} // namespace syncline::ui
