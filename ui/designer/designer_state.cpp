#include "designer/designer_state.h"

#include <algorithm>
#include <map>

namespace syncline::ui {

namespace {

constexpr qreal kColumnWidth = 260;
constexpr qreal kRowHeight = 120;

// `steps` transform columns stand between the source and the transport.
qreal column(ConnectorKind kind, int steps = 0)
{
    switch (kind) {
    case ConnectorKind::Source:
        return 0;
    case ConnectorKind::Transform:
        return kColumnWidth;
    case ConnectorKind::Transport:
        return (1 + steps) * kColumnWidth;
    case ConnectorKind::Sink:
        return (2 + steps) * kColumnWidth;
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

QString DesignerNode::layoutKey(int index) const
{
    if (kind == ConnectorKind::Transform)
        return QStringLiteral("transform#%1").arg(index);
    if (kind != ConnectorKind::Sink)
        return QString::fromStdString(std::string(kindName(kind)));
    const std::string name = section.text("name");
    return name.empty() ? QStringLiteral("sink#%1").arg(index)
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
    const qreal count = qreal(nodesOf(kind).size());
    if (kind == ConnectorKind::Transform)
        return {column(kind) * (count + 0.5), -kRowHeight};
    return {column(kind), kRowHeight * count};
}

int DesignerState::stepIndex(int id) const
{
    const auto steps = nodesOf(ConnectorKind::Transform);
    const auto it = std::find_if(steps.begin(), steps.end(),
                                 [id](const DesignerNode *node) { return node->id == id; });
    return it == steps.end() ? -1 : int(it - steps.begin());
}

bool DesignerState::moveStep(int id, int delta)
{
    const auto steps = nodesOf(ConnectorKind::Transform);
    const int from = stepIndex(id);
    const int to = from + delta;
    if (from < 0 || to < 0 || to >= int(steps.size()))
        return false;
    DesignerNode *a = node(steps[std::size_t(from)]->id);
    DesignerNode *b = node(steps[std::size_t(to)]->id);
    std::swap(a->pos, b->pos);
    std::swap(*a, *b);
    return true;
}

PipelineDocument DesignerState::toDocument() const
{
    PipelineDocument document{.top = pipeline};
    for (const auto &node : nodes) {
        if (node.kind == ConnectorKind::Source && !document.source)
            document.source = node.section;
        else if (node.kind == ConnectorKind::Transport && !document.transport)
            document.transport = node.section;
        else if (node.kind == ConnectorKind::Transform)
            document.transforms.push_back(node.section);
        else if (node.kind == ConnectorKind::Sink)
            document.sinks.push_back(node.section);
    }
    return document;
}

DesignerState DesignerState::fromDocument(const PipelineDocument &document,
                                          const QHash<QString, QPointF> &layout)
{
    DesignerState state{.pipeline = document.top};
    const int steps = int(document.transforms.size());
    // `index`: among the nodes of its kind; `x`: where it stands unless the layout says.
    auto add = [&](ConnectorKind kind, const DocumentSection &section, int row, int index = 0,
                   qreal x = -1) {
        DesignerNode node{.id = state.nextId++, .kind = kind, .section = section};
        const QPointF place(x >= 0 ? x : column(kind, steps), row * kRowHeight);
        node.pos = layout.value(node.layoutKey(index), place);
        state.nodes.push_back(std::move(node));
        return state.nodes.back().id;
    };
    const int sinkRows = int(document.sinks.size());
    const int middle = std::max(0, (sinkRows - 1) / 2);
    const int source = document.source ? add(ConnectorKind::Source, *document.source, middle) : 0;
    for (int step = 0; step < steps; ++step)
        add(ConnectorKind::Transform, document.transforms[std::size_t(step)], middle, step,
            (1 + step) * kColumnWidth);
    const int transport =
        document.transport ? add(ConnectorKind::Transport, *document.transport, middle) : 0;
    if (source && transport)
        state.edges.emplace_back(source, transport);
    for (int row = 0; row < sinkRows; ++row) {
        const int sink = add(ConnectorKind::Sink, document.sinks[std::size_t(row)], row, row);
        if (transport || source)
            state.edges.emplace_back(transport ? transport : source, sink);
    }
    return state;
}

QHash<QString, QPointF> DesignerState::layout() const
{
    QHash<QString, QPointF> positions;
    std::map<ConnectorKind, int> counts;
    for (const auto &node : nodes)
        positions.insert(node.layoutKey(counts[node.kind]++), node.pos);
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
    case ConnectorKind::Transform:
        return false;
    }
    return false;
}

} // namespace syncline::ui
