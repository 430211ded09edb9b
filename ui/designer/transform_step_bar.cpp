#include "designer/transform_step_bar.h"

#include "designer/designer_model.h"

#include <QGridLayout>
#include <QPushButton>

namespace syncline::ui {

TransformStepBar::TransformStepBar(DesignerModel *model, int nodeId, QWidget *parent)
    : QWidget(parent), m_model(model), m_nodeId(nodeId), m_up(new QPushButton(tr("Move up"), this)),
      m_down(new QPushButton(tr("Move down"), this)),
      m_delete(new QPushButton(tr("Delete step"), this)),
      m_preview(new QPushButton(tr("Preview…"), this))
{
    m_up->setObjectName(QStringLiteral("moveStepUp"));
    m_down->setObjectName(QStringLiteral("moveStepDown"));
    m_delete->setObjectName(QStringLiteral("deleteStep"));
    m_preview->setObjectName(QStringLiteral("previewTransforms"));
    m_preview->setToolTip(tr("Runs a few live rows of a source table through the transforms"));
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_up, 0, 0);
    layout->addWidget(m_down, 0, 1);
    layout->addWidget(m_delete, 1, 0);
    layout->addWidget(m_preview, 1, 1);
    connect(m_up, &QPushButton::clicked, this, [this] { m_model->moveStep(m_nodeId, -1); });
    connect(m_down, &QPushButton::clicked, this, [this] { m_model->moveStep(m_nodeId, +1); });
    connect(m_delete, &QPushButton::clicked, this, [this] { m_model->removeNode(m_nodeId); });
    connect(m_preview, &QPushButton::clicked, this, &TransformStepBar::previewRequested);
    connect(m_model, &DesignerModel::changed, this, &TransformStepBar::updateButtons);
    updateButtons();
}

void TransformStepBar::updateButtons()
{
    const DesignerState &state = m_model->state();
    const int index = state.stepIndex(m_nodeId);
    m_up->setEnabled(index > 0);
    m_down->setEnabled(index >= 0 &&
                       index + 1 < int(state.nodesOf(ConnectorKind::Transform).size()));
}

} // namespace syncline::ui
