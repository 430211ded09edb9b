#pragma once

// Drives the real DesignerPage the way a user does: drops connectors from the palette onto the
// canvas, drags from port to port, types into the generated form.

#include "designer/connector_palette.h"
#include "designer/designer_items.h"
#include "designer/designer_scene.h"
#include "designer/designer_view.h"
#include "designer/property_field.h"
#include "designer/property_form.h"
#include "designer/rows_editor.h"
#include "pages/designer_page.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDropEvent>
#include <QLineEdit>
#include <QMimeData>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

namespace syncline::ui::test {

class DesignerDriver
{
public:
    explicit DesignerDriver(DesignerPage *page) : m_page(page) {}

    // Drags the palette's entry onto the canvas at `at` (viewport coordinates); the new node's id.
    int drop(ConnectorKind kind, const QString &type, QPoint at)
    {
        ConnectorPalette *palette = m_page->palette();
        palette->setCurrentItem(palette->itemFor(kind, type));
        std::unique_ptr<QMimeData> mime(
            palette->model()->mimeData(palette->selectionModel()->selectedIndexes()));
        const int id = m_page->model()->state().nextId;
        QWidget *viewport = m_page->view()->viewport();
        QDragEnterEvent enter(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &enter);
        QDropEvent drop(QPointF(at), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &drop);
        return drop.isAccepted() ? id : 0;
    }

    // Presses on `from`'s output port, moves, releases on `to`'s input port.
    void connect(int from, int to)
    {
        DesignerView *view = m_page->view();
        const QPoint start = view->mapFromScene(m_page->scene()->nodeItem(from)->outputPos());
        const QPoint end = view->mapFromScene(m_page->scene()->nodeItem(to)->inputPos());
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, start);
        QTest::mouseMove(view->viewport(), (start + end) / 2);
        QTest::mouseMove(view->viewport(), end);
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, end);
    }

    void select(int nodeId) { m_page->scene()->selectNode(nodeId); }

    // A postgres source (dsn host=a, `table`) connected to a postgres sink (dsn host=b, no name
    // yet), dropped left and right; returns {source, sink}.
    std::pair<int, int> sourceToSink(const QString &table)
    {
        const int source = drop(ConnectorKind::Source, QStringLiteral("postgres"), {100, 100});
        const int sink = drop(ConnectorKind::Sink, QStringLiteral("postgres"), {500, 100});
        connect(source, sink);
        select(source);
        type(QStringLiteral("dsn"), QStringLiteral("host=a"));
        addRows(QStringLiteral("tables"), {{table}});
        select(sink);
        type(QStringLiteral("dsn"), QStringLiteral("host=b"));
        return {source, sink};
    }

    PropertyField *field(const QString &name) const
    {
        PropertyField *found = m_page->form()->field(name);
        if (!found)
            qFatal("no field %s", qPrintable(name));
        return found;
    }

    void type(const QString &name, const QString &text)
    {
        auto *line = qobject_cast<QLineEdit *>(field(name)->editor());
        line->setFocus();
        line->selectAll();
        QTest::keyClick(line, Qt::Key_Delete);
        QTest::keyClicks(line, text);
        QTest::keyClick(line, Qt::Key_Return);
    }

    void spin(const QString &name, int value)
    {
        qobject_cast<QSpinBox *>(field(name)->editor())->setValue(value);
    }

    void check(const QString &name, Qt::CheckState state)
    {
        qobject_cast<QCheckBox *>(field(name)->editor())->setCheckState(state);
    }

    void choose(const QString &name, const QString &value)
    {
        auto *combo = qobject_cast<QComboBox *>(field(name)->editor());
        combo->setCurrentIndex(combo->findText(value));
    }

    // Adds rows with the + button and types into their cells.
    void addRows(const QString &name, const QList<QStringList> &rows)
    {
        auto *editor = qobject_cast<RowsEditor *>(field(name)->editor());
        auto *add = editor->findChild<QToolButton *>();
        for (const QStringList &cells : rows) {
            add->click();
            const int row = editor->table()->rowCount() - 1;
            for (int column = 0; column < cells.size(); ++column)
                editor->table()->item(row, column)->setText(cells[column]);
        }
    }

private:
    DesignerPage *m_page;
};

} // namespace syncline::ui::test
