#pragma once

#include <QGraphicsScene>
#include <QHash>

class QGraphicsPathItem;

namespace syncline::ui {

class DesignerModel;
class EdgeItem;
class NodeItem;
class PortItem;
struct DesignerProblems;

// The canvas: one NodeItem per node of the model and one EdgeItem per edge, brought up to date
// by sync() after each change. Dragging from an output port to an input port connects them;
// moving nodes becomes one undo step when the mouse is released.
class DesignerScene : public QGraphicsScene
{
    Q_OBJECT

public:
    explicit DesignerScene(DesignerModel *model, QObject *parent = nullptr);

    void sync(const DesignerProblems &problems);
    NodeItem *nodeItem(int id) const { return m_nodes.value(id); }
    QList<int> selectedNodeIds() const;
    void selectNode(int id); // 0: none
    void deleteSelection();

signals:
    void selectedNodeChanged(int id); // 0: no node (the pipeline's own settings)

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;

private:
    PortItem *portAt(QPointF scenePos) const;
    void updateEdges();

    DesignerModel *m_model;
    QHash<int, NodeItem *> m_nodes;
    QList<EdgeItem *> m_edges;
    PortItem *m_dragFrom = nullptr;
    QGraphicsPathItem *m_dragLine = nullptr;
};

} // namespace syncline::ui
