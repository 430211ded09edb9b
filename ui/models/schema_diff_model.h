#pragma once

#include "schema_snapshot_fwd.h"

#include <QAbstractTableModel>

#include <vector>

namespace syncline::ui {

// Two versions of a table side by side, one row per column (core's diffSchemas: the newer
// version's order, removed columns last): the column's type and key before and after, and what
// changed. Changed rows get a background tinted from the palette's base colour, so they read on
// light and dark themes alike.
class SchemaDiffModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Name,
        Before,
        After,
        Change,
        ColumnCount
    };

    explicit SchemaDiffModel(QObject *parent = nullptr);
    ~SchemaDiffModel() override;

    // `beforeTitle` and `afterTitle` head the Before and After columns ("Version 2").
    void setDiff(std::vector<ColumnChange> changes, const QString &beforeTitle,
                 const QString &afterTitle);
    void clear();
    const ColumnChange &change(int row) const;
    int changedCount() const; // rows other than Unchanged

    static QString kindText(const ColumnChange &change);
    // The row tint for the change over `base`; invalid for an unchanged column.
    static QColor background(const ColumnChange &change, const QColor &base);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<ColumnChange> m_changes;
    QString m_beforeTitle;
    QString m_afterTitle;
};

} // namespace syncline::ui
