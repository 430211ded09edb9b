#include "designer/designer_items.h"

#include "designer/designer_state.h"

#include <QBrush>
#include <QPainter>
#include <QPalette>
#include <QPen>
#include <QStyleOptionGraphicsItem>

namespace syncline::ui {

namespace {

constexpr qreal kPortRadius = 6;

QColor kindColor(ConnectorKind kind)
{
    switch (kind) {
    case ConnectorKind::Source:
        return QColor(0x2e, 0x7d, 0x32);
    case ConnectorKind::Transform:
        return QColor(0xe6, 0x51, 0x00);
    case ConnectorKind::Transport:
        return QColor(0x15, 0x65, 0xc0);
    case ConnectorKind::Sink:
        return QColor(0x6a, 0x1b, 0x9a);
    }
    return Qt::gray;
}

QString textOf(const DocumentValue &value)
{
    if (value.shape != DocumentValue::Shape::List)
        return QString::fromStdString(value.text);
    QStringList items;
    for (const auto &item : value.items)
        items += QString::fromStdString(item);
    return items.join(QStringLiteral(", "));
}

// The line under the title: what tells this node apart from others of its type (a transform:
// what it does and to which columns, "hash: *.email, pii:phone").
QString detailOf(const DesignerNode &node)
{
    if (node.kind == ConnectorKind::Transform) {
        QStringList selected;
        for (const char *key : {"columns", "tagged"})
            if (const DocumentValue *value = node.section.find(key))
                selected += textOf(*value);
        const QString with = QString::fromStdString(node.section.text("with"));
        const QString columns = selected.join(QStringLiteral(", "));
        return with.isEmpty() ? columns : with + QStringLiteral(": ") + columns;
    }
    for (const char *key : {"name", "brokers", "tables", "slot"}) {
        if (const DocumentValue *value = node.section.find(key))
            return textOf(*value);
    }
    return {};
}

} // namespace

QString kindTitle(ConnectorKind kind)
{
    switch (kind) {
    case ConnectorKind::Source:
        return NodeItem::tr("Source");
    case ConnectorKind::Transform:
        return NodeItem::tr("Transform");
    case ConnectorKind::Transport:
        return NodeItem::tr("Transport");
    case ConnectorKind::Sink:
        return NodeItem::tr("Sink");
    }
    return {};
}

PortItem::PortItem(int nodeId, bool output, QGraphicsItem *parent)
    : QGraphicsEllipseItem(-kPortRadius, -kPortRadius, 2 * kPortRadius, 2 * kPortRadius, parent),
      m_nodeId(nodeId), m_output(output)
{
    setBrush(QColor(0xfa, 0xfa, 0xfa));
    setPen(QPen(QColor(0x55, 0x55, 0x55), 1.5));
    setCursor(output ? Qt::CrossCursor : Qt::ArrowCursor);
    setToolTip(output ? NodeItem::tr("Drag to an input to connect") : NodeItem::tr("Input"));
    setZValue(1);
}

NodeItem::NodeItem(const DesignerNode &node)
    : QGraphicsRectItem(0, 0, kWidth, kHeight), m_nodeId(node.id), m_kind(node.kind)
{
    setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges);
    if (node.kind != ConnectorKind::Source) {
        m_input = new PortItem(node.id, false, this);
        m_input->setPos(0, kHeight / 2);
    }
    if (node.kind != ConnectorKind::Sink) {
        m_output = new PortItem(node.id, true, this);
        m_output->setPos(kWidth, kHeight / 2);
    }
}

void NodeItem::update(const DesignerNode &node, const QStringList &problems, int step)
{
    m_title = (step > 0 ? tr("Step %1").arg(step) : kindTitle(node.kind)) + QStringLiteral(" · ") +
              QString::fromStdString(node.type());
    m_detail = detailOf(node);
    m_problems = problems;
    setToolTip(problems.isEmpty() ? m_title : problems.join(QLatin1Char('\n')));
    if (pos() != node.pos)
        setPos(node.pos);
    QGraphicsRectItem::update();
}

QPointF NodeItem::inputPos() const
{
    return mapToScene(QPointF(0, kHeight / 2));
}

QPointF NodeItem::outputPos() const
{
    return mapToScene(QPointF(kWidth, kHeight / 2));
}

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF frame = rect();
    const QColor color = kindColor(m_kind);
    const bool selected = option->state & QStyle::State_Selected;
    painter->setPen(
        QPen(selected ? color.darker(150) : QColor(0x9e, 0x9e, 0x9e), selected ? 2.5 : 1));
    painter->setBrush(QColor(0xff, 0xff, 0xff));
    painter->drawRoundedRect(frame, 6, 6);

    const QRectF header(frame.left(), frame.top(), frame.width(), 26);
    QPainterPath headerPath;
    headerPath.setFillRule(Qt::WindingFill);
    headerPath.addRoundedRect(header, 6, 6);
    headerPath.addRect(header.adjusted(0, 10, 0, 0));
    painter->fillPath(headerPath.simplified(), color);
    painter->setPen(Qt::white);
    QFont bold = painter->font();
    bold.setBold(true);
    painter->setFont(bold);
    painter->drawText(header.adjusted(10, 0, -30, 0), Qt::AlignVCenter, m_title);

    QFont normal = bold;
    normal.setBold(false);
    painter->setFont(normal);
    painter->setPen(QColor(0x30, 0x30, 0x30));
    const QRectF body = frame.adjusted(12, 30, -12, -6);
    painter->drawText(
        body, Qt::AlignLeft | Qt::AlignVCenter,
        painter->fontMetrics().elidedText(m_detail, Qt::ElideRight, int(body.width())));

    if (!m_problems.isEmpty()) {
        const QRectF badge(frame.right() - 24, frame.top() + 4, 18, 18);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xd3, 0x2f, 0x2f));
        painter->drawEllipse(badge);
        painter->setPen(Qt::white);
        painter->setFont(bold);
        painter->drawText(badge, Qt::AlignCenter, QString::number(m_problems.size()));
    }
}

EdgeItem::EdgeItem(int from, int to, int start, int end)
    : m_from(from), m_to(to), m_start(start ? start : from), m_end(end ? end : to)
{
    setFlag(ItemIsSelectable, from != 0);
    setPen(QPen(QColor(0x60, 0x60, 0x60), 2));
    setZValue(-1);
}

QPainterPath EdgeItem::pathBetween(QPointF start, QPointF end)
{
    QPainterPath path(start);
    const qreal bend = std::max(40.0, (end.x() - start.x()) / 2);
    path.cubicTo(start + QPointF(bend, 0), end - QPointF(bend, 0), end);
    return path;
}

void EdgeItem::setEnds(QPointF start, QPointF end)
{
    setPath(pathBetween(start, end));
}

} // namespace syncline::ui
