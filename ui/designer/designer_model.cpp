#include "designer/designer_model.h"

#include <QUndoCommand>
#include <QUndoStack>

namespace syncline::ui {

// One undo step: the whole state before and after (a pipeline is a handful of sections).
class DesignerStateCommand : public QUndoCommand
{
public:
    DesignerStateCommand(DesignerModel *model, const QString &text, DesignerState before,
                         DesignerState after, QString mergeKey)
        : QUndoCommand(text), m_model(model), m_before(std::move(before)),
          m_after(std::move(after)), m_mergeKey(std::move(mergeKey))
    {}

    void undo() override { m_model->setState(m_before); }
    void redo() override { m_model->setState(m_after); }
    int id() const override { return m_mergeKey.isEmpty() ? -1 : 1; }
    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *next = static_cast<const DesignerStateCommand *>(other);
        if (next->m_mergeKey != m_mergeKey)
            return false;
        m_after = next->m_after;
        return true;
    }

private:
    DesignerModel *m_model;
    DesignerState m_before;
    DesignerState m_after;
    QString m_mergeKey;
};

DesignerModel::DesignerModel(QObject *parent) : QObject(parent), m_undo(new QUndoStack(this)) {}

void DesignerModel::edit(const QString &text, const std::function<void(DesignerState &)> &change,
                         const QString &mergeKey)
{
    DesignerState after = m_state;
    change(after);
    m_undo->push(new DesignerStateCommand(this, text, m_state, std::move(after), mergeKey));
}

void DesignerModel::reset(DesignerState state)
{
    m_undo->clear();
    setState(state);
}

void DesignerModel::setState(const DesignerState &state)
{
    m_state = state;
    emit changed();
}

int DesignerModel::addNode(ConnectorKind kind, const std::string &type, QPointF pos)
{
    const int id = m_state.nextId;
    edit(tr("Add %1").arg(QString::fromStdString(type)),
         [&](DesignerState &state) { state.addNode(kind, type, pos); });
    return id;
}

void DesignerModel::removeNode(int id)
{
    edit(tr("Delete node"), [id](DesignerState &state) { state.removeNode(id); });
}

void DesignerModel::moveNode(int id, QPointF pos)
{
    const DesignerNode *node = m_state.node(id);
    if (!node || node->pos == pos)
        return;
    edit(
        tr("Move node"), [&](DesignerState &state) { state.node(id)->pos = pos; },
        QStringLiteral("move %1").arg(id));
}

void DesignerModel::moveStep(int id, int delta)
{
    DesignerState moved = m_state;
    if (moved.moveStep(id, delta))
        edit(delta < 0 ? tr("Move step up") : tr("Move step down"),
             [&](DesignerState &state) { state = moved; });
}

bool DesignerModel::connectNodes(int from, int to)
{
    if (!canConnect(m_state, from, to))
        return false;
    edit(tr("Connect"), [&](DesignerState &state) { state.edges.emplace_back(from, to); });
    return true;
}

void DesignerModel::disconnectNodes(int from, int to)
{
    edit(tr("Disconnect"),
         [&](DesignerState &state) { std::erase(state.edges, std::pair(from, to)); });
}

void DesignerModel::setProperty(int nodeId, const QString &key,
                                const std::optional<DocumentValue> &value)
{
    auto sectionOf = [nodeId](DesignerState &state) -> DocumentSection * {
        if (nodeId == 0)
            return &state.pipeline;
        DesignerNode *node = state.node(nodeId);
        return node ? &node->section : nullptr;
    };
    DocumentSection *current = sectionOf(m_state);
    const std::string name = key.toStdString();
    if (!current) {
        return;
    }
    const DocumentValue *old = current->find(name);
    if ((!old && !value) || (old && value && *old == *value))
        return;
    edit(
        tr("Change %1").arg(key),
        [&](DesignerState &state) {
            DocumentSection *section = sectionOf(state);
            if (value)
                section->set(name, *value);
            else
                section->remove(name);
        },
        QStringLiteral("set %1 %2").arg(nodeId).arg(key));
}

} // namespace syncline::ui
