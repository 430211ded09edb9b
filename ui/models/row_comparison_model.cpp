#include "row_comparison_model.h"

#include "verify/verify_result.h"

#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPalette>

namespace syncline::ui {

namespace {

// A TOASTed value can be megabytes: a cell shows its start, the tool tip a little more.
constexpr qsizetype kCellChars = 500;
constexpr qsizetype kToolTipChars = 4000;

QString shortened(const QString &text, qsizetype chars)
{
    return text.size() <= chars ? text : text.left(chars) + u'…';
}

QJsonObject parseRow(const std::optional<std::string> &json, bool *present)
{
    *present = false;
    if (!json)
        return {};
    const auto document = QJsonDocument::fromJson(QByteArray::fromStdString(*json));
    *present = document.isObject();
    return document.object();
}

} // namespace

RowComparisonModel::RowComparisonModel(QObject *parent) : QAbstractTableModel(parent) {}

void RowComparisonModel::clear()
{
    beginResetModel();
    m_lines.clear();
    m_hasSource = m_hasTarget = false;
    endResetModel();
}

void RowComparisonModel::setDifference(const verify::Difference &difference)
{
    beginResetModel();
    m_lines.clear();
    const QJsonObject source = parseRow(difference.sourceRow, &m_hasSource);
    const QJsonObject target = parseRow(difference.targetRow, &m_hasTarget);
    auto add = [this, &source, &target](const QString &name, bool key) {
        for (const Line &line : std::as_const(m_lines))
            if (line.name == name)
                return;
        Line line;
        line.name = name;
        line.key = key;
        line.source = source.value(name);
        line.target = target.value(name);
        // A column only one side has is not compared (TableResult::notCompared).
        line.changed = m_hasSource && m_hasTarget && !line.source.isUndefined() &&
                       !line.target.isUndefined() && line.source != line.target;
        m_lines.append(line);
    };
    for (const auto &column : difference.keyColumns)
        add(QString::fromStdString(column), true);
    for (const QString &name : source.keys())
        add(name, false);
    for (const QString &name : target.keys())
        add(name, false);
    endResetModel();
}

QStringList RowComparisonModel::changedColumns() const
{
    QStringList names;
    for (const Line &line : m_lines)
        if (line.changed)
            names.append(line.name);
    return names;
}

QString RowComparisonModel::valueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("NULL");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return value.toVariant().toString();
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

int RowComparisonModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int RowComparisonModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RowComparisonModel::cellText(const Line &line, int column) const
{
    switch (column) {
    case Name:
        return line.key ? tr("%1 (key)").arg(line.name) : line.name;
    case Source:
        if (!m_hasSource)
            return tr("(no row)");
        return line.source.isUndefined() ? tr("(no such column)") : valueText(line.source);
    case Target:
        if (!m_hasTarget)
            return tr("(no row)");
        return line.target.isUndefined() ? tr("(no such column)") : valueText(line.target);
    }
    return {};
}

QVariant RowComparisonModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Line &line = m_lines[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return shortened(cellText(line, index.column()).toString(), kCellChars);
    case Qt::ToolTipRole:
        return shortened(cellText(line, index.column()).toString(), kToolTipChars);
    case ChangedRole:
        return line.changed;
    case KeyRole:
        return line.key;
    case Qt::FontRole:
        if (line.changed || (line.key && index.column() == Name)) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case Qt::BackgroundRole:
        if (line.changed && index.column() != Name) {
            QColor highlight = QGuiApplication::palette().color(QPalette::Highlight);
            highlight.setAlpha(70); // readable in light and dark themes
            return highlight;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant RowComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Column");
    case Source:
        return tr("Source row");
    case Target:
        return tr("Target row");
    }
    return {};
}

} // namespace syncline::ui
