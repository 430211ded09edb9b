#pragma once

#include "connector/source_inspection.h"

#include <QAbstractTableModel>
#include <QSet>

#include <vector>

namespace syncline::ui {

// A source's tables for the designer's picker: a check box per table, its primary key, whether
// its changes can be captured and, when not, the SQL that fixes it.
class SourceTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SchemaColumn,
        TableColumn,
        KeyColumn,
        StatusColumn,
        FixColumn,
        ColumnCount
    };

    explicit SourceTableModel(QObject *parent = nullptr);

    // `checked`: qualified names ("schema.table"; a bare name means schema public).
    void setTables(std::vector<InspectedTable> tables, const QStringList &checked);
    QStringList checkedTables() const; // in the model's order
    QString fixSql() const;            // every checked table's fix, one per line
    const InspectedTable &table(int row) const { return m_tables[std::size_t(row)]; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<InspectedTable> m_tables;
    QSet<QString> m_checked;
};

} // namespace syncline::ui
