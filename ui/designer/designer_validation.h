#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QString>
#include <QStringList>

namespace syncline::ui {

struct DesignerState;

// What is wrong with the designed pipeline: the problems `syncline validate` finds in the file
// it would save (core's parsePipelineConfig), put on the node and field they are about, and the
// problems of the graph itself (unconnected nodes, a second source, no sink).
struct DesignerProblems
{
    static constexpr int kPipelineNode = 0; // the top level: pipeline name, state_dir

    QHash<int, QHash<QString, QStringList>> fields; // node id -> property -> messages
    QHash<int, QStringList> nodes;                  // node id -> messages about the whole node
    QStringList general;                            // about no node in particular

    bool isEmpty() const { return fields.isEmpty() && nodes.isEmpty() && general.isEmpty(); }
    int count(int nodeId) const; // the node's problems, its fields' included
    QStringList all(int nodeId) const;
};

class DesignerValidator
{
    Q_DECLARE_TR_FUNCTIONS(syncline::ui::DesignerValidator)

public:
    // `file` anchors relative paths (state_dir, file: secrets) as the saved file would.
    static DesignerProblems validate(const DesignerState &state, const QString &file);

private:
    static void checkGraph(const DesignerState &state, DesignerProblems &problems);
    static void checkFile(const DesignerState &state, const QString &file,
                          DesignerProblems &problems);
};

} // namespace syncline::ui
