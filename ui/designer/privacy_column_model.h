#pragma once

#include "config/pipeline_config.h"
#include "model/table_schema.h"
#include "transform/column_coverage.h"

#include <QAbstractTableModel>

#include <vector>

namespace syncline::ui {

// Every column of the source's tables with the transform steps that select it and its pii:
// tags; a column tagged pii: that leaves the engine unmasked (no mask, not in allow_unmasked)
// shows red, as validate and run refuse it. Coverage is core's (transform/column_coverage.h),
// recomputed when the steps change; the columns come from a live inspection.
class PrivacyColumnModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TableColumn,
        NameColumn,
        TypeColumn,
        TagsColumn,
        RuleColumn,
        ColumnCount
    };
    static constexpr int UnmaskedRole = Qt::UserRole + 1; // bool: tagged pii:, leaves unmasked

    explicit PrivacyColumnModel(QObject *parent = nullptr);

    void setTables(std::vector<TableSchema> tables);
    void setSteps(std::vector<TransformConfig> steps, std::vector<std::string> allowUnmasked);
    const std::vector<TableSchema> &tables() const { return m_tables; }
    int taggedCount() const;
    int unmaskedCount() const;
    QString tableAt(int row) const; // "schema.table"

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Entry
    {
        std::size_t table;
        transform::ColumnCoverage coverage;
    };
    void recompute();
    QString ruleText(const transform::ColumnCoverage &coverage) const;

    std::vector<TableSchema> m_tables;
    std::vector<TransformConfig> m_steps;
    std::vector<std::string> m_allowUnmasked;
    std::vector<Entry> m_rows;
};

} // namespace syncline::ui
