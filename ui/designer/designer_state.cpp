#include "designer/designer_state.h"

#include <algorithm>

namespace syncline::ui {

namespace {

constexpr qreal kColumnWidth = 260;
constexpr qreal kRowHeight = 120;

qreal column(ConnectorKind kind)
{
    switch (kind) {
    case ConnectorKind::Source:
        return 0;
    case ConnectorKind::Transport:
        return kColumnWidth;
    case ConnectorKind::Sink:
        return 2 * kColumnWidth;
    }
    return 0;
}

} // namespace

std::string DesignerNode::type() const
{
    if (section.find("type"))
        return section.text("type");
    return defaultConnectorType(kind).value_or(std::string());
}

const ConnectorSpec *DesignerNode::spec() const
{
    return findConnector(kind, type());
}

QString DesignerNode::layoutKey(int sinkIndex) const
{
    if (kind != ConnectorKind::Sink)
        return QString::fromStdString(std::string(kindName(kind)));
    const std::string name = section.text("name");
    return name.empty() ? QStringLiteral("sink#%1").arg(sinkIndex)
                        : QStringLiteral("sink:") + QString::fromStdString(name);
}

DesignerNode *DesignerState::node(int id)
{
    const auto it = std::find_if(nodes.begin(), nodes.end(),
                                 [id](const DesignerNode &node) { return node.id == id; });
    return it == nodes.end() ? nullptr : &*it;
}

const DesignerNode *DesignerState::node(int id) const
{
    return const_cast<DesignerState *>(this)->node(id);
}

std::vector<const DesignerNode *> DesignerState::nodesOf(ConnectorKind kind) const
{
    std::vector<const DesignerNode *> found;
    for (const auto &node : nodes) {
        if (node.kind == kind)
            found.push_back(&node);
    }
    return found;
}

bool DesignerState::hasEdge(int from, int to) const
{
    return std::find(edges.begin(), edges.end(), std::pair(from, to)) != edges.end();
}

int DesignerState::addNode(ConnectorKind kind, const std::string &type, QPointF pos)
{
    DesignerNode node{.id = nextId++, .kind = kind, .pos = pos};
    node.section.set("type", DocumentValue::scalar(type));
    nodes.push_back(std::move(node));
    return nodes.back().id;
}

void DesignerState::removeNode(int id)
{
    std::erase_if(nodes, [id](const DesignerNode &node) { return node.id == id; });
    std::erase_if(edges, [id](const auto &edge) { return edge.first == id || edge.second == id; });
}

QPointF DesignerState::nextPosition(ConnectorKind kind) const
{
    return {column(kind), kRowHeight * qreal(nodesOf(kind).size())};
}

PipelineDocument DesignerState::toDocument() const
{
    PipelineDocument document{.top = pipeline};
    for (const auto &node : nodes) {
        if (node.kind == ConnectorKind::Source && !document.source)
            document.source = node.section;
        else if (node.kind == ConnectorKind::Transport && !document.transport)
            document.transport = node.section;
        else if (node.kind == ConnectorKind::Sink)
            document.sinks.push_back(node.section);
    }
    return document;
}

DesignerState DesignerState::fromDocument(const PipelineDocument &document,
                                          const QHash<QString, QPointF> &layout)
{
    DesignerState state{.pipeline = document.top};
    auto add = [&](ConnectorKind kind, const DocumentSection &section, int row) {
        DesignerNode node{.id = state.nextId++, .kind = kind, .section = section};
        const int sinkIndex = kind == ConnectorKind::Sink ? row : 0;
        node.pos = layout.value(node.layoutKey(sinkIndex), QPointF(column(kind), row * kRowHeight));
        state.nodes.push_back(std::move(node));
        return state.nodes.back().id;
    };
    const int sinkRows = int(document.sinks.size());
    const int middle = std::max(0, (sinkRows - 1) / 2);
    const int source = document.source ? add(ConnectorKind::Source, *document.source, middle) : 0;
    const int transport =
        document.transport ? add(ConnectorKind::Transport, *document.transport, middle) : 0;
    if (source && transport)
        state.edges.emplace_back(source, transport);
    for (int row = 0; row < sinkRows; ++row) {
        const int sink = add(ConnectorKind::Sink, document.sinks[std::size_t(row)], row);
        if (transport || source)
            state.edges.emplace_back(transport ? transport : source, sink);
    }
    return state;
}

QHash<QString, QPointF> DesignerState::layout() const
{
    QHash<QString, QPointF> positions;
    int sinkIndex = 0;
    for (const auto &node : nodes) {
        const bool sink = node.kind == ConnectorKind::Sink;
        positions.insert(node.layoutKey(sink ? sinkIndex : 0), node.pos);
        sinkIndex += sink ? 1 : 0;
    }
    return positions;
}

bool canConnect(const DesignerState &state, int from, int to)
{
    const DesignerNode *out = state.node(from);
    const DesignerNode *in = state.node(to);
    if (!out || !in || from == to)
        return false;
    const bool inputTaken = std::any_of(state.edges.begin(), state.edges.end(),
                                        [to](const auto &edge) { return edge.second == to; });
    if (inputTaken)
        return false;
    const bool hasTransport = !state.nodesOf(ConnectorKind::Transport).empty();
    switch (out->kind) {
    case ConnectorKind::Source:
        return in->kind == ConnectorKind::Transport ||
               (in->kind == ConnectorKind::Sink && !hasTransport);
    case ConnectorKind::Transport:
        return in->kind == ConnectorKind::Sink;
    case ConnectorKind::Sink:
        return false;
    }
    return false;
}

} // namespace syncline::ui
