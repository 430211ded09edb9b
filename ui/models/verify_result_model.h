#pragma once

#include "verify_outcome.h"

#include <QAbstractTableModel>

namespace syncline::ui {

// A comparison's per-table results, one row per sink and table, appended as tables finish.
// Shares the results the job delivered; copies nothing.
class VerifyResultModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Sink,
        Table,
        Compared,
        Missing,
        Extra,
        Different,
        Unsettled,
        Time,
        Rate,
        Outcome,
        ColumnCount
    };
    // The row's difference count (Missing + Extra + Different), for sorting and tests.
    static constexpr int DifferenceCountRole = Qt::UserRole + 1;

    explicit VerifyResultModel(QObject *parent = nullptr);

    void setResults(std::vector<TableResultPtr> results);
    void addResult(TableResultPtr result);
    void clear() { setResults({}); }
    const std::vector<TableResultPtr> &results() const { return m_results; }
    TableResultPtr resultAt(int row) const;
    long long differenceCount() const;

    // "Equal", "3 differences", or the reason the table was not compared.
    static QString outcomeText(const verify::TableResult &result);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant display(const verify::TableResult &result, int column) const;

    std::vector<TableResultPtr> m_results;
};

} // namespace syncline::ui
