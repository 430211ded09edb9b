#pragma once

#include "pipeline_workspace.h"

#include <QModelIndex>

namespace syncline::ui {

class PipelineController;

// A model (QAbstractListModel or QAbstractTableModel) whose rows are the workspace's pipelines,
// in its order: it follows the workspace's insertions and removals, and has each pipeline
// watched, those open already and those opened later. A base class because Qt's row signalling
// (beginInsertRows, ...) is the model's own to call.
template <typename QtModel> class WorkspaceRows : public QtModel
{
public:
    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_workspace->pipelines().size());
    }

    PipelineController *controllerAt(int row) const
    {
        const auto &pipelines = m_workspace->pipelines();
        return row >= 0 && row < pipelines.size() ? pipelines.at(row) : nullptr;
    }

protected:
    WorkspaceRows(PipelineWorkspace *workspace, QObject *parent)
        : QtModel(parent), m_workspace(workspace)
    {}

    // From the derived constructor, once its watch() may be called.
    void followWorkspace()
    {
        QObject::connect(m_workspace, &PipelineWorkspace::pipelineAboutToBeAdded, this,
                         [this](int row) { this->beginInsertRows({}, row, row); });
        QObject::connect(m_workspace, &PipelineWorkspace::pipelineAdded, this, [this](int row) {
            this->endInsertRows();
            watch(controllerAt(row));
        });
        QObject::connect(m_workspace, &PipelineWorkspace::pipelineAboutToBeRemoved, this,
                         [this](int row) { this->beginRemoveRows({}, row, row); });
        QObject::connect(m_workspace, &PipelineWorkspace::pipelineRemoved, this,
                         [this] { this->endRemoveRows(); });
        for (PipelineController *controller : m_workspace->pipelines())
            watch(controller);
    }

    // Connects the controller's change signals to the rows they change.
    virtual void watch(PipelineController *controller) = 0;

    PipelineWorkspace *const m_workspace;
};

} // namespace syncline::ui
