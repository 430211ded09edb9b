#include "designer/designer_scene.h"

#include "designer/designer_items.h"
#include "designer/designer_model.h"
#include "designer/designer_validation.h"

#include <QGraphicsSceneMouseEvent>
#include <QPen>
#include <QUndoStack>

namespace syncline::ui {

namespace {
const QRectF kMinimumRect(-400, -300, 1600, 1000);
}

DesignerScene::DesignerScene(DesignerModel *model, QObject *parent)
    : QGraphicsScene(parent), m_model(model)
{
    setSceneRect(kMinimumRect);
    connect(this, &QGraphicsScene::selectionChanged, this, [this] {
        const QList<int> ids = selectedNodeIds();
        emit selectedNodeChanged(ids.size() == 1 ? ids.front() : 0);
    });
}

void DesignerScene::sync(const DesignerProblems &problems)
{
    const DesignerState &state = m_model->state();
    QSet<int> present;
    for (const auto &node : state.nodes) {
        present.insert(node.id);
        NodeItem *item = m_nodes.value(node.id);
        if (!item) {
            item = new NodeItem(node);
            addItem(item);
            m_nodes.insert(node.id, item);
        }
        item->update(node, problems.all(node.id), state.stepIndex(node.id) + 1);
    }
    for (auto it = m_nodes.begin(); it != m_nodes.end();) {
        if (present.contains(it.key())) {
            ++it;
            continue;
        }
        delete it.value();
        it = m_nodes.erase(it);
    }
    qDeleteAll(m_edges);
    m_edges.clear();
    auto addEdge = [this](int from, int to, int start, int end) {
        auto *edge = new EdgeItem(from, to, start, end);
        addItem(edge);
        m_edges.append(edge);
    };
    // What leaves the source goes through the transforms in chain order.
    const auto sources = state.nodesOf(ConnectorKind::Source);
    const auto steps = state.nodesOf(ConnectorKind::Transform);
    const int source = sources.empty() ? 0 : sources.front()->id;
    int chainEnd = source;
    for (const DesignerNode *step : steps) {
        if (chainEnd)
            addEdge(0, 0, chainEnd, step->id);
        chainEnd = step->id;
    }
    for (const auto &[from, to] : state.edges)
        addEdge(from, to, from == source && chainEnd ? chainEnd : from, to);
    updateEdges();
    // Room around every node, however far the chain of steps pushes the sinks.
    setSceneRect(kMinimumRect.united(itemsBoundingRect().adjusted(-200, -200, 200, 200)));
}

void DesignerScene::updateEdges()
{
    for (EdgeItem *edge : std::as_const(m_edges)) {
        const NodeItem *from = m_nodes.value(edge->startNode());
        const NodeItem *to = m_nodes.value(edge->endNode());
        if (from && to)
            edge->setEnds(from->outputPos(), to->inputPos());
    }
}

QList<int> DesignerScene::selectedNodeIds() const
{
    QList<int> ids;
    const QList<QGraphicsItem *> items = selectedItems();
    for (QGraphicsItem *item : items) {
        if (item->type() == NodeItem::Type)
            ids.append(static_cast<NodeItem *>(item)->nodeId());
    }
    return ids;
}

void DesignerScene::selectNode(int id)
{
    clearSelection();
    if (NodeItem *item = m_nodes.value(id))
        item->setSelected(true);
}

void DesignerScene::deleteSelection()
{
    const QList<QGraphicsItem *> items = selectedItems();
    m_model->undoStack()->beginMacro(tr("Delete"));
    for (QGraphicsItem *item : items) {
        if (item->type() == EdgeItem::Type) {
            const auto *edge = static_cast<EdgeItem *>(item);
            m_model->disconnectNodes(edge->from(), edge->to());
        }
    }
    for (int id : selectedNodeIds())
        m_model->removeNode(id);
    m_model->undoStack()->endMacro();
}

PortItem *DesignerScene::portAt(QPointF scenePos) const
{
    const QList<QGraphicsItem *> found = items(QRectF(scenePos - QPointF(8, 8), QSizeF(16, 16)));
    for (QGraphicsItem *item : found) {
        if (item->type() == PortItem::Type)
            return static_cast<PortItem *>(item);
    }
    return nullptr;
}

void DesignerScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    PortItem *port = event->button() == Qt::LeftButton ? portAt(event->scenePos()) : nullptr;
    if (port && port->isOutput()) {
        m_dragFrom = port;
        m_dragLine = addPath(QPainterPath(), QPen(QColor(0x15, 0x65, 0xc0), 2, Qt::DashLine));
        event->accept();
        return;
    }
    QGraphicsScene::mousePressEvent(event);
}

void DesignerScene::mouseMoveEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_dragFrom) {
        m_dragLine->setPath(EdgeItem::pathBetween(m_dragFrom->scenePos(), event->scenePos()));
        return;
    }
    QGraphicsScene::mouseMoveEvent(event);
    updateEdges();
}

void DesignerScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_dragFrom) {
        const int from = m_dragFrom->nodeId();
        PortItem *target = portAt(event->scenePos());
        delete m_dragLine;
        m_dragLine = nullptr;
        m_dragFrom = nullptr;
        if (target && !target->isOutput())
            m_model->connectNodes(from, target->nodeId());
        return;
    }
    QGraphicsScene::mouseReleaseEvent(event);
    const QList<int> ids = selectedNodeIds();
    for (int id : ids) {
        if (NodeItem *item = m_nodes.value(id))
            m_model->moveNode(id, item->pos());
    }
}

} // namespace syncline::ui
