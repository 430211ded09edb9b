#pragma once

#include "config/pipeline_document.h"
#include "connector/registry.h"

#include <QHash>
#include <QPointF>
#include <QString>

#include <optional>
#include <utility>
#include <vector>

namespace syncline::ui {

// One connector on the canvas: its section of the pipeline file and where it stands.
struct DesignerNode
{
    int id = 0;
    ConnectorKind kind = ConnectorKind::Source;
    DocumentSection section{}; // with "type" (a transport may leave it out: "direct")
    QPointF pos{};

    std::string type() const; // the section's type, or the kind's default
    const ConnectorSpec *spec() const;
    // "source", "transport", "transform#<n>", "sink:<name>" (or "sink#<n>"): names the node in
    // the layout sidecar; `index` counts the nodes of its kind before it.
    QString layoutKey(int index) const;
};

// Everything the designer edits, as one value: an undo step restores an earlier one.
struct DesignerState
{
    DocumentSection pipeline{}; // top-level keys: pipeline, state_dir, unknown ones
    std::vector<DesignerNode> nodes{};
    std::vector<std::pair<int, int>> edges{}; // output node id -> input node id
    int nextId = 1;

    DesignerNode *node(int id);
    const DesignerNode *node(int id) const;
    std::vector<const DesignerNode *> nodesOf(ConnectorKind kind) const;
    bool hasEdge(int from, int to) const;
    int addNode(ConnectorKind kind, const std::string &type, QPointF pos);
    void removeNode(int id); // and its edges
    // Where a new node of `kind` goes when not dropped: its column, below the others of its kind
    // (transforms: in a row above the source and transport, after the others).
    QPointF nextPosition(ConnectorKind kind) const;
    // A transform node's place in the chain, from 0 (the order of `nodes`); -1 for other nodes.
    int stepIndex(int id) const;
    // Swaps a transform with the one before (delta -1) or after (+1) it in the chain, and their
    // places on the canvas; false when there is none.
    bool moveStep(int id, int delta);

    // The pipeline file: the first source and transport, every transform in chain order, every
    // sink in canvas order.
    PipelineDocument toDocument() const;
    // The document as a graph, connected source -> transport -> sinks, the transforms in a row
    // between source and transport (their order is the chain's, not an edge); positions from
    // `layout` (keyed by layoutKey) where present, else laid out in columns.
    static DesignerState fromDocument(const PipelineDocument &document,
                                      const QHash<QString, QPointF> &layout = {});
    QHash<QString, QPointF> layout() const;
};

// Whether an edge from `from` to `to` makes sense: source -> transport -> sink, or source -> sink
// while there is no transport; each input takes one edge. Transforms take no edges: they run
// in chain order on whatever leaves the source.
bool canConnect(const DesignerState &state, int from, int to);

} // namespace syncline::ui
