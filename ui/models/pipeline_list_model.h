#pragma once

#include "models/workspace_rows.h"

#include <QAbstractTableModel>

class QColor;

namespace syncline {
struct VerificationStatus;
}

namespace syncline::ui {

class PipelineController;

// The workspace's pipelines as table rows. Reads each controller's copies on demand and updates
// a row when its controller signals a change; holds no data of its own.
class PipelineListModel final : public WorkspaceRows<QAbstractTableModel>
{
    Q_OBJECT

public:
    enum Column
    {
        Name,
        State,
        Position,
        Lag,
        Throughput,
        DeadLetters,
        Verified, // the last verify result of its tables (see PipelineStatus::verification)
        File,
        ColumnCount
    };

    explicit PipelineListModel(PipelineWorkspace *workspace, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Shared with the fleet overview: the state's colour, and "equal", "2 tables differ", ...
    static QColor stateColor(const PipelineController &controller);
    static QString verificationText(const VerificationStatus &verification);

    QModelIndex indexOf(PipelineController *controller, int column = Name) const;

private:
    void watch(PipelineController *controller) override;
    void rowChanged(PipelineController *controller, int firstColumn, int lastColumn);
    QVariant display(const PipelineController &controller, int column) const;
};

} // namespace syncline::ui
