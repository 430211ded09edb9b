#pragma once

#include "designer/designer_state.h"

#include <QObject>

#include <functional>

class QUndoStack;

namespace syncline::ui {

// The designed pipeline and its undo history. Every edit goes through edit(): it changes a copy
// of the state and pushes the before and after onto the undo stack, so each step (add, move,
// delete, connect, a property) can be undone the same way.
class DesignerModel : public QObject
{
    Q_OBJECT

public:
    explicit DesignerModel(QObject *parent = nullptr);

    const DesignerState &state() const { return m_state; }
    QUndoStack *undoStack() const { return m_undo; }

    // `mergeKey`: consecutive edits with the same non-empty key become one undo step (typing in
    // one field, dragging one node).
    void edit(const QString &text, const std::function<void(DesignerState &)> &change,
              const QString &mergeKey = {});
    // Replaces everything and forgets the history (New, Open).
    void reset(DesignerState state);

    // Edits as undo steps.
    int addNode(ConnectorKind kind, const std::string &type, QPointF pos);
    void removeNode(int id);
    void moveNode(int id, QPointF pos);
    void moveStep(int id, int delta);    // a transform, earlier (-1) or later (+1) in the chain
    bool connectNodes(int from, int to); // false when canConnect() says no
    void disconnectNodes(int from, int to);
    // nodeId 0: the top level. An empty optional removes the key (its default applies).
    void setProperty(int nodeId, const QString &key, const std::optional<DocumentValue> &value);

signals:
    void changed();

private:
    friend class DesignerStateCommand;
    void setState(const DesignerState &state);

    DesignerState m_state;
    QUndoStack *m_undo;
};

} // namespace syncline::ui
