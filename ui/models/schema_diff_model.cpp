#include "schema_diff_model.h"

#include "schema/schema_history.h"

#include <QColor>
#include <QGuiApplication>
#include <QPalette>

#include <algorithm>
#include <string_view>

namespace syncline::ui {

using Kind = ColumnChange::Kind;

namespace {

// core writes "integer (key)"; the suffix is translated here.
QString typeText(const std::string &described)
{
    static constexpr std::string_view kKeySuffix = " (key)";
    if (!described.ends_with(kKeySuffix))
        return QString::fromStdString(described);
    const auto type =
        QString::fromStdString(described.substr(0, described.size() - kKeySuffix.size()));
    return SchemaDiffModel::tr("%1 (key)").arg(type);
}

} // namespace

SchemaDiffModel::SchemaDiffModel(QObject *parent) : QAbstractTableModel(parent) {}

SchemaDiffModel::~SchemaDiffModel() = default;

void SchemaDiffModel::setDiff(std::vector<ColumnChange> changes, const QString &beforeTitle,
                              const QString &afterTitle)
{
    beginResetModel();
    m_changes = std::move(changes);
    m_beforeTitle = beforeTitle;
    m_afterTitle = afterTitle;
    endResetModel();
}

void SchemaDiffModel::clear()
{
    setDiff({}, {}, {});
}

const ColumnChange &SchemaDiffModel::change(int row) const
{
    return m_changes[std::size_t(row)];
}

int SchemaDiffModel::changedCount() const
{
    return int(std::count_if(m_changes.begin(), m_changes.end(), [](const ColumnChange &change) {
        return change.kind != Kind::Unchanged;
    }));
}

QString SchemaDiffModel::kindText(const ColumnChange &change)
{
    switch (change.kind) {
    case Kind::Added:
        return tr("added");
    case Kind::Removed:
        return tr("removed");
    case Kind::TypeChanged:
        return tr("type changed");
    case Kind::KeyChanged:
        return tr("key changed");
    case Kind::Unchanged:
        break;
    }
    return {};
}

QColor SchemaDiffModel::background(const ColumnChange &change, const QColor &base)
{
    QColor accent;
    switch (change.kind) {
    case Kind::Added:
        accent = QColor(0x2e, 0x9d, 0x4f);
        break;
    case Kind::Removed:
        accent = QColor(0xd3, 0x2f, 0x2f);
        break;
    case Kind::TypeChanged:
        accent = QColor(0xf5, 0x9e, 0x0b);
        break;
    case Kind::KeyChanged:
        accent = QColor(0x1e, 0x88, 0xe5);
        break;
    case Kind::Unchanged:
        return {};
    }
    // A quarter of the accent over the base: the palette's text colour keeps its contrast.
    constexpr double kAccent = 0.25;
    auto mix = [](int from, int to) { return int(from + (to - from) * kAccent); };
    return QColor(mix(base.red(), accent.red()), mix(base.green(), accent.green()),
                  mix(base.blue(), accent.blue()));
}

int SchemaDiffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_changes.size());
}

int SchemaDiffModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SchemaDiffModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ColumnChange &entry = change(index.row());
    if (role == Qt::BackgroundRole) {
        const QColor tint = background(entry, QGuiApplication::palette().color(QPalette::Base));
        return tint.isValid() ? QVariant(tint) : QVariant();
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return QString::fromStdString(entry.name);
    case Before:
        return typeText(entry.before);
    case After:
        return typeText(entry.after);
    case Change:
        return kindText(entry);
    }
    return {};
}

QVariant SchemaDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Column");
    case Before:
        return m_beforeTitle.isEmpty() ? tr("Before") : m_beforeTitle;
    case After:
        return m_afterTitle.isEmpty() ? tr("After") : m_afterTitle;
    case Change:
        return tr("Change");
    }
    return {};
}

} // namespace syncline::ui
