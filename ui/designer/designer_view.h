#pragma once

#include <QGraphicsView>

namespace syncline::ui {

class DesignerModel;
class DesignerScene;

// Shows the canvas; takes connectors dropped from the palette and deletes the selection with
// the Delete key.
class DesignerView : public QGraphicsView
{
    Q_OBJECT

public:
    DesignerView(DesignerScene *scene, DesignerModel *model, QWidget *parent = nullptr);

    // Shows every node: centred, scaled down (never up) when they do not fit.
    void showAll();

signals:
    void nodeAdded(int id);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    DesignerScene *m_scene;
    DesignerModel *m_model;
};

} // namespace syncline::ui
