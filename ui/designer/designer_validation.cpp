#include "designer/designer_validation.h"

#include "config/config_loader.h"
#include "config/pipeline_yaml_reader.h"
#include "config/pipeline_yaml_writer.h"
#include "designer/designer_state.h"

#include <QRegularExpression>

#include <algorithm>
#include <tuple>

namespace syncline::ui {

namespace {

// A place in the written file and what the designer shows there.
struct Target
{
    SourceMark mark;
    int node = DesignerProblems::kPipelineNode;
    QString key; // empty: the node as a whole
};

bool before(SourceMark a, SourceMark b)
{
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
}

void addSection(std::vector<Target> &targets, const DocumentSection &section, int node)
{
    targets.push_back({section.mark, node, {}});
    for (const auto &entry : section.entries)
        targets.push_back({entry.mark, node, QString::fromStdString(entry.key)});
}

// Every key of the written file, in file order, with the node it belongs to.
std::vector<Target> targetsOf(const DesignerState &state, const std::string &yaml)
{
    std::vector<Target> targets;
    auto reread = readPipelineYaml(yaml, "designer.yaml");
    const auto *document = std::get_if<PipelineDocument>(&reread);
    if (!document)
        return targets;
    addSection(targets, document->top, DesignerProblems::kPipelineNode);
    const auto sources = state.nodesOf(ConnectorKind::Source);
    const auto transports = state.nodesOf(ConnectorKind::Transport);
    const auto sinks = state.nodesOf(ConnectorKind::Sink);
    if (document->source && !sources.empty())
        addSection(targets, *document->source, sources.front()->id);
    if (document->transport && !transports.empty())
        addSection(targets, *document->transport, transports.front()->id);
    for (std::size_t i = 0; i < document->sinks.size() && i < sinks.size(); ++i)
        addSection(targets, document->sinks[i], sinks[i]->id);
    const auto steps = state.nodesOf(ConnectorKind::Transform);
    for (std::size_t i = 0; i < document->transforms.size() && i < steps.size(); ++i)
        addSection(targets, document->transforms[i], steps[i]->id);
    // Later keys win over the section mark at the same place (a sink item's first key).
    std::stable_sort(targets.begin(), targets.end(),
                     [](const Target &a, const Target &b) { return before(a.mark, b.mark); });
    return targets;
}

} // namespace

int DesignerProblems::count(int nodeId) const
{
    return int(all(nodeId).size());
}

QStringList DesignerProblems::all(int nodeId) const
{
    QStringList messages = nodes.value(nodeId);
    const auto fieldMessages = fields.value(nodeId);
    for (auto it = fieldMessages.begin(); it != fieldMessages.end(); ++it)
        messages += it.value();
    return messages;
}

DesignerProblems DesignerValidator::validate(const DesignerState &state, const QString &file)
{
    DesignerProblems problems;
    checkGraph(state, problems);
    checkFile(state, file, problems);
    return problems;
}

void DesignerValidator::checkGraph(const DesignerState &state, DesignerProblems &problems)
{
    const auto sources = state.nodesOf(ConnectorKind::Source);
    const auto transports = state.nodesOf(ConnectorKind::Transport);
    for (std::size_t i = 1; i < sources.size(); ++i)
        problems.nodes[sources[i]->id] += tr("A pipeline has one source; this one is not saved.");
    for (std::size_t i = 1; i < transports.size(); ++i)
        problems.nodes[transports[i]->id] +=
            tr("A pipeline has one transport; this one is not saved.");
    if (state.nodesOf(ConnectorKind::Sink).empty())
        problems.general += tr("Add a sink from the palette.");

    const int transport = transports.empty() ? 0 : transports.front()->id;
    const int source = sources.empty() ? 0 : sources.front()->id;
    if (source && transport && !state.hasEdge(source, transport))
        problems.nodes[source] += tr("Connect the source to the transport.");
    for (const auto *sink : state.nodesOf(ConnectorKind::Sink)) {
        const int feeder = transport ? transport : source;
        if (feeder && !state.hasEdge(feeder, sink->id)) {
            problems.nodes[sink->id] += transport ? tr("Connect the transport to this sink.")
                                                  : tr("Connect the source to this sink.");
        }
    }
}

void DesignerValidator::checkFile(const DesignerState &state, const QString &file,
                                  DesignerProblems &problems)
{
    const std::string yaml = writePipelineYaml(state.toDocument());
    const auto result = parsePipelineConfig(yaml, file.toStdString());
    const auto *errors = std::get_if<std::vector<ConfigError>>(&result);
    if (!errors)
        return;
    const std::vector<Target> targets = targetsOf(state, yaml);
    static const QRegularExpression missingKey(QStringLiteral("^missing required key '([^']+)'"));
    for (const auto &error : *errors) {
        const QString message = QString::fromStdString(error.message);
        const SourceMark at{error.line, error.column};
        const auto after = std::upper_bound(
            targets.begin(), targets.end(), at,
            [](SourceMark mark, const Target &target) { return before(mark, target.mark); });
        if (error.line == 0 || after == targets.begin()) {
            problems.general += message;
            continue;
        }
        Target target = *std::prev(after);
        if (const auto match = missingKey.match(message); match.hasMatch()) {
            // Reported where the mapping starts: put it on the field it asks for.
            const bool topLevel = match.capturedLength(0) == message.size();
            if (topLevel && match.captured(1) == u"sinks" &&
                state.nodesOf(ConnectorKind::Sink).empty())
                continue; // the graph check says so already
            if (topLevel)
                target.node = DesignerProblems::kPipelineNode;
            target.key = match.captured(1);
        }
        if (target.key.isEmpty() && target.node == DesignerProblems::kPipelineNode)
            problems.general += message;
        else if (target.key.isEmpty())
            problems.nodes[target.node] += message;
        else
            problems.fields[target.node][target.key] += message;
    }
}

} // namespace syncline::ui
