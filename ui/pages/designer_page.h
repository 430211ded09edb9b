#pragma once

#include "config/pipeline_document.h"

#include <QWidget>

#include <optional>
#include <utility>
#include <vector>

class QAction;
class QTabWidget;

namespace syncline::ui {

class ConnectorPalette;
class DesignerModel;
class DesignerScene;
class DesignerView;
class InlineMessage;
class PrivacyPanel;
class PropertyForm;
class SourceProbeJob;
class SourceTablesDialog;
class TransformPreviewDialog;
struct DesignerNode;
struct DesignerProblems;

// Builds a pipeline without writing YAML: connectors from the palette on a canvas, connected
// source -> transport -> sinks, their properties in a generated form, checked as they change
// with the validation `syncline validate` runs (errors on the fields and as badges on the
// nodes). Saves and opens pipeline files (positions in a .layout.json beside them); Start hands
// the saved file to the pipelines workspace. Undo/redo for every edit. Beside the properties, the
// Privacy view lists the source's columns and what the transforms do to them; Preview… runs live
// rows through the transforms.
class DesignerPage : public QWidget
{
    Q_OBJECT

public:
    explicit DesignerPage(QWidget *parent = nullptr);
    ~DesignerPage() override;

    void newPipeline();
    bool openFile(const QString &file); // false (with a message in the page) when unreadable
    bool saveTo(const QString &file);
    bool save(); // asks for a name when the pipeline has none
    QString currentFile() const { return m_file; }
    bool isModified() const;
    void startPipeline(); // saves, then emits startRequested()

    DesignerModel *model() const { return m_model; }
    DesignerScene *scene() const { return m_scene; }
    DesignerView *view() const { return m_view; }
    ConnectorPalette *palette() const { return m_palette; }
    PropertyForm *form() const { return m_form; }
    InlineMessage *message() const { return m_message; }
    SourceProbeJob *probeJob() const { return m_probe; }
    SourceTablesDialog *tablesDialog() const { return m_tablesDialog; }
    PrivacyPanel *privacyPanel() const { return m_privacy; }
    QTabWidget *sideTabs() const { return m_sideTabs; } // Properties, Privacy
    SourceProbeJob *privacyJob() const { return m_privacyProbe; }
    SourceProbeJob *previewJob() const { return m_previewProbe; }
    TransformPreviewDialog *previewDialog() const { return m_previewDialog; }
    void showPrivacy();                          // brings the Privacy view to the front
    void openPreview(const QString &table = {}); // "schema.table"; empty: the first one
    const DesignerProblems &problems() const;
    QAction *undoAction() const { return m_undo; }
    QAction *redoAction() const { return m_redo; }

signals:
    void startRequested(const QString &file);

private:
    void createActions();
    void onModelChanged();
    void openWithDialog();
    bool saveAs();
    void browseTables(const QString &dsn);
    void readSourceColumns();
    const DesignerNode *sourceNode() const;
    QString baseDir() const;

    DesignerModel *m_model;
    DesignerScene *m_scene;
    DesignerView *m_view;
    ConnectorPalette *m_palette;
    PropertyForm *m_form;
    InlineMessage *m_message;
    SourceProbeJob *m_probe;
    SourceTablesDialog *m_tablesDialog = nullptr;
    std::unique_ptr<DesignerProblems> m_problems;
    PrivacyPanel *m_privacy;
    SourceProbeJob *m_privacyProbe; // its own thread and generations: a browse never drops it
    SourceProbeJob *m_previewProbe;
    TransformPreviewDialog *m_previewDialog = nullptr;
    QTabWidget *m_sideTabs = nullptr;
    // What the Privacy view's coverage was computed from: the steps and allow_unmasked.
    std::pair<std::vector<DocumentSection>, std::optional<DocumentValue>> m_privacyInput;
    QString m_file;
    int m_browsingNode = 0;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QList<QAction *> m_fileActions;
};

} // namespace syncline::ui
