#include "designer/designer_view.h"

#include "designer/connector_palette.h"
#include "designer/designer_items.h"
#include "designer/designer_model.h"
#include "designer/designer_scene.h"

#include <QDropEvent>
#include <QMimeData>

namespace syncline::ui {

DesignerView::DesignerView(DesignerScene *scene, DesignerModel *model, QWidget *parent)
    : QGraphicsView(scene, parent), m_scene(scene), m_model(model)
{
    setObjectName(QStringLiteral("designerCanvas"));
    setAcceptDrops(true);
    setRenderHint(QPainter::Antialiasing);
    setDragMode(RubberBandDrag);
    setBackgroundBrush(QColor(0xf4, 0xf5, 0xf7));
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
}

void DesignerView::showAll()
{
    const QRectF nodes = m_scene->itemsBoundingRect().adjusted(-30, -30, 30, 30);
    resetTransform();
    if (nodes.isEmpty())
        return;
    const QRectF visible = mapToScene(viewport()->rect()).boundingRect();
    if (nodes.width() > visible.width() || nodes.height() > visible.height())
        fitInView(nodes, Qt::KeepAspectRatio);
    centerOn(nodes.center());
}

void DesignerView::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasFormat(ConnectorPalette::kMimeType))
        event->acceptProposedAction();
}

void DesignerView::dragMoveEvent(QDragMoveEvent *event)
{
    if (event->mimeData()->hasFormat(ConnectorPalette::kMimeType))
        event->acceptProposedAction();
}

void DesignerView::dropEvent(QDropEvent *event)
{
    const auto connector =
        ConnectorPalette::decode(event->mimeData()->data(ConnectorPalette::kMimeType));
    if (!connector)
        return;
    const QPointF at = mapToScene(event->position().toPoint()) -
                       QPointF(NodeItem::kWidth / 2, NodeItem::kHeight / 2);
    const int id = m_model->addNode(connector->first, connector->second, at);
    event->acceptProposedAction();
    emit nodeAdded(id);
}

void DesignerView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Delete) || event->key() == Qt::Key_Backspace) {
        m_scene->deleteSelection();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

} // namespace syncline::ui
