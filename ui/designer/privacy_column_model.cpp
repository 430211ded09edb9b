#include "designer/privacy_column_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QStringList>

#include <algorithm>

namespace syncline::ui {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

const QColor kUnmaskedText(0xc6, 0x28, 0x28);
const QColor kUnmaskedBackground(0xff, 0xeb, 0xee);

} // namespace

PrivacyColumnModel::PrivacyColumnModel(QObject *parent) : QAbstractTableModel(parent) {}

void PrivacyColumnModel::setTables(std::vector<TableSchema> tables)
{
    m_tables = std::move(tables);
    recompute();
}

void PrivacyColumnModel::setSteps(std::vector<TransformConfig> steps,
                                  std::vector<std::string> allowUnmasked)
{
    m_steps = std::move(steps);
    m_allowUnmasked = std::move(allowUnmasked);
    recompute();
}

void PrivacyColumnModel::recompute()
{
    beginResetModel();
    m_rows.clear();
    for (std::size_t table = 0; table < m_tables.size(); ++table)
        for (auto &coverage : transform::columnCoverage(m_steps, m_allowUnmasked, m_tables[table]))
            m_rows.push_back({table, std::move(coverage)});
    endResetModel();
}

int PrivacyColumnModel::taggedCount() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(),
                             [](const Entry &entry) { return !entry.coverage.tags.empty(); }));
}

int PrivacyColumnModel::unmaskedCount() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(),
                             [](const Entry &entry) { return entry.coverage.unmaskedPii; }));
}

QString PrivacyColumnModel::tableAt(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return {};
    return qs(m_tables[m_rows[std::size_t(row)].table].qualifiedName());
}

int PrivacyColumnModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PrivacyColumnModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

// "mask hash — step 1 (*.email); mask redact — step 3 (pii:*)", "allow_unmasked", or what is
// missing.
QString PrivacyColumnModel::ruleText(const transform::ColumnCoverage &coverage) const
{
    QStringList rules;
    for (const auto &match : coverage.steps) {
        const TransformConfig &step = m_steps[match.step];
        const QString what = step.with.empty() ? qs(step.type) : qs(step.type + " " + step.with);
        rules += tr("%1 — step %2 (%3)").arg(what).arg(match.step + 1).arg(qs(match.matchedBy));
    }
    if (coverage.allowedUnmasked)
        rules += tr("allow_unmasked");
    if (rules.isEmpty() && coverage.unmaskedPii)
        return tr("none: leaves unmasked");
    return rules.join(QStringLiteral("; "));
}

QVariant PrivacyColumnModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_rows[std::size_t(index.row())];
    const transform::ColumnCoverage &coverage = entry.coverage;
    if (role == UnmaskedRole)
        return coverage.unmaskedPii;
    if (role == Qt::ForegroundRole && coverage.unmaskedPii)
        return QBrush(kUnmaskedText);
    if (role == Qt::BackgroundRole && coverage.unmaskedPii)
        return QBrush(kUnmaskedBackground);
    if (role == Qt::ToolTipRole && coverage.unmaskedPii)
        return tr("Tagged as personal data and masked by no step: validate and run refuse the "
                  "pipeline. Add a mask step for it, or name it in allow_unmasked.");
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TableColumn:
        return qs(m_tables[entry.table].qualifiedName());
    case NameColumn:
        return qs(coverage.column.name);
    case TypeColumn:
        return qs(coverage.column.sqlType);
    case TagsColumn: {
        QStringList tags;
        for (const auto &tag : coverage.tags)
            tags += qs(tag);
        return tags.join(QStringLiteral(", "));
    }
    case RuleColumn:
        return ruleText(coverage);
    }
    return {};
}

QVariant PrivacyColumnModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TableColumn:
        return tr("Table");
    case NameColumn:
        return tr("Column");
    case TypeColumn:
        return tr("Type");
    case TagsColumn:
        return tr("Tags");
    case RuleColumn:
        return tr("Covered by");
    }
    return {};
}

} // namespace syncline::ui
