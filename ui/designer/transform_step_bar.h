#pragma once

#include <QWidget>

class QPushButton;

namespace syncline::ui {

class DesignerModel;

// The buttons of a transform node's form: move the step earlier or later in the chain, delete
// it (each one undo step), and preview the chain on live rows.
class TransformStepBar : public QWidget
{
    Q_OBJECT

public:
    TransformStepBar(DesignerModel *model, int nodeId, QWidget *parent = nullptr);

    QPushButton *upButton() const { return m_up; }
    QPushButton *downButton() const { return m_down; }
    QPushButton *deleteButton() const { return m_delete; }
    QPushButton *previewButton() const { return m_preview; }

signals:
    void previewRequested();

private:
    void updateButtons();

    DesignerModel *m_model;
    int m_nodeId;
    QPushButton *m_up;
    QPushButton *m_down;
    QPushButton *m_delete;
    QPushButton *m_preview;
};

} // namespace syncline::ui
