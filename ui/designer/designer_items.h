#pragma once

#include "connector/registry.h"

#include <QCoreApplication>
#include <QGraphicsEllipseItem>
#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QStringList>

namespace syncline::ui {

struct DesignerNode;

// "Source", "Transform", "Transport", "Sink", translated.
QString kindTitle(ConnectorKind kind);

// A connector's port: inputs on the left edge, outputs on the right.
class PortItem : public QGraphicsEllipseItem
{
public:
    enum
    {
        Type = UserType + 1
    };
    PortItem(int nodeId, bool output, QGraphicsItem *parent);
    int type() const override { return Type; }
    int nodeId() const { return m_nodeId; }
    bool isOutput() const { return m_output; }

private:
    int m_nodeId;
    bool m_output;
};

// One node of the canvas: the connector's kind and type, a line saying which one it is, its
// ports, and a red badge counting its problems (listed in the tooltip).
class NodeItem : public QGraphicsRectItem
{
    Q_DECLARE_TR_FUNCTIONS(syncline::ui::NodeItem)

public:
    enum
    {
        Type = UserType + 2
    };
    static constexpr qreal kWidth = 200;
    static constexpr qreal kHeight = 72;

    explicit NodeItem(const DesignerNode &node);
    int type() const override { return Type; }
    int nodeId() const { return m_nodeId; }

    // `step`: a transform's place in the chain, from 1 (shown in its title); else 0.
    void update(const DesignerNode &node, const QStringList &problems, int step = 0);
    QPointF inputPos() const;  // scene coordinates
    QPointF outputPos() const; // scene coordinates
    int problemCount() const { return int(m_problems.size()); }

    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    int m_nodeId;
    ConnectorKind m_kind;
    QString m_title;
    QString m_detail;
    QStringList m_problems;
    PortItem *m_input = nullptr;
    PortItem *m_output = nullptr;
};

// A connection from an output port to an input port; selectable, so it can be deleted. With
// transforms, the source's edge is drawn through them: each piece stands for the edge
// `from` -> `to` but runs between the nodes `start` and `end`; the pieces inside the chain stand
// for no edge (from and to 0) and cannot be selected.
class EdgeItem : public QGraphicsPathItem
{
public:
    enum
    {
        Type = UserType + 3
    };
    EdgeItem(int from, int to, int start = 0, int end = 0);
    int type() const override { return Type; }
    int from() const { return m_from; }
    int to() const { return m_to; }
    int startNode() const { return m_start; }
    int endNode() const { return m_end; }
    static QPainterPath pathBetween(QPointF start, QPointF end);
    void setEnds(QPointF start, QPointF end);

private:
    int m_from;
    int m_to;
    int m_start;
    int m_end;
};

} // namespace syncline::ui
