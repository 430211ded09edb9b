#include "pages/designer_page.h"

#include "config/document_transforms.h"
#include "config/pipeline_yaml_reader.h"
#include "config/pipeline_yaml_writer.h"
#include "designer/connector_palette.h"
#include "designer/designer_model.h"
#include "designer/designer_scene.h"
#include "designer/designer_validation.h"
#include "designer/designer_view.h"
#include "designer/layout_sidecar.h"
#include "designer/privacy_column_model.h"
#include "designer/privacy_panel.h"
#include "designer/property_form.h"
#include "designer/source_tables_dialog.h"
#include "designer/transform_preview_dialog.h"
#include "source_probe_job.h"
#include "widgets/inline_message.h"

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace syncline::ui {

DesignerPage::DesignerPage(QWidget *parent)
    : QWidget(parent), m_model(new DesignerModel(this)), m_scene(new DesignerScene(m_model, this)),
      m_view(new DesignerView(m_scene, m_model, this)), m_palette(new ConnectorPalette(this)),
      m_form(new PropertyForm(m_model, this)), m_message(new InlineMessage(this)),
      m_probe(new SourceProbeJob(this)), m_problems(std::make_unique<DesignerProblems>()),
      m_privacy(new PrivacyPanel(this)), m_privacyProbe(new SourceProbeJob(this)),
      m_previewProbe(new SourceProbeJob(this))
{
    setObjectName(QStringLiteral("designerPage"));
    auto *toolBar = new QToolBar(this);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    createActions();
    toolBar->addActions(m_fileActions);
    m_message->hide();

    auto *formScroll = new QScrollArea(this);
    formScroll->setWidget(m_form);
    formScroll->setWidgetResizable(true);
    formScroll->setFrameShape(QFrame::NoFrame);
    m_sideTabs = new QTabWidget(this);
    m_sideTabs->setObjectName(QStringLiteral("designerSideTabs"));
    m_sideTabs->addTab(formScroll, tr("Properties"));
    m_sideTabs->addTab(m_privacy, tr("Privacy"));
    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_palette);
    splitter->addWidget(m_view);
    splitter->addWidget(m_sideTabs);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({130, 760, 380});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 8);
    layout->addWidget(toolBar);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);

    connect(m_model, &DesignerModel::changed, this, &DesignerPage::onModelChanged);
    connect(m_scene, &DesignerScene::selectedNodeChanged, this, [this](int id) {
        m_form->showNode(id);
        m_form->setProblems(*m_problems);
    });
    connect(m_view, &DesignerView::nodeAdded, m_scene, &DesignerScene::selectNode);
    connect(m_palette, &ConnectorPalette::activatedConnector, this,
            [this](ConnectorKind kind, const QString &type) {
                m_scene->selectNode(m_model->addNode(kind, type.toStdString(),
                                                     m_model->state().nextPosition(kind)));
            });
    connect(m_form, &PropertyForm::testConnectionRequested, this, [this](const QString &dsn) {
        const DesignerNode *node = m_model->state().node(m_form->nodeId());
        if (!node)
            return;
        m_form->setHelperStatus(tr("Connecting…"), true);
        m_probe->testConnection(node->kind, QString::fromStdString(node->type()), dsn, baseDir());
    });
    connect(m_form, &PropertyForm::testRequestRequested, this,
            [this](const QString &url,
                   const std::vector<std::pair<std::string, std::string>> &headers,
                   const QString &secret) {
                m_form->setHelperStatus(tr("Sending a test request…"), true);
                m_probe->sendTestRequest(url, headers, secret, baseDir());
            });
    connect(
        m_probe, &SourceProbeJob::connectionTested, this,
        [this](quint64, bool ok, const QString &message) { m_form->setHelperStatus(message, ok); });
    connect(m_form, &PropertyForm::testBrokersRequested, this,
            [this](const QString &bootstrap,
                   const std::vector<std::pair<std::string, std::string>> &properties) {
                m_form->setHelperStatus(tr("Asking the brokers…"), true);
                m_probe->testBrokers(bootstrap, properties, baseDir());
            });
    connect(
        m_probe, &SourceProbeJob::brokersTested, this,
        [this](quint64, bool ok, const QString &message) { m_form->setHelperStatus(message, ok); });
    connect(m_form, &PropertyForm::browseTablesRequested, this, &DesignerPage::browseTables);
    connect(m_form, &PropertyForm::previewRequested, this, [this] { openPreview(); });
    connect(m_privacy, &PrivacyPanel::readRequested, this, &DesignerPage::readSourceColumns);
    connect(m_privacy, &PrivacyPanel::previewRequested, this, &DesignerPage::openPreview);
    connect(m_privacyProbe, &SourceProbeJob::sourceBrowsed, this,
            [this](quint64, const SourceBrowseResult &result) {
                if (!result.error.isEmpty()) {
                    m_privacy->setError(result.error);
                    return;
                }
                const DesignerNode *source = sourceNode();
                const DocumentValue *tables = source ? source->section.find("tables") : nullptr;
                m_privacy->setTables(result.inspection.tables,
                                     tables ? tables->items : std::vector<std::string>());
            });
    newPipeline();
}

DesignerPage::~DesignerPage()
{
    m_scene->blockSignals(true); // clearing the scene changes the selection of a closing form
}

const DesignerProblems &DesignerPage::problems() const
{
    return *m_problems;
}

void DesignerPage::createActions()
{
    auto action = [this](const QString &text, QStyle::StandardPixmap icon,
                         QKeySequence::StandardKey key, auto slot) {
        auto *a = new QAction(style()->standardIcon(icon), text, this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        m_fileActions.append(a);
        return a;
    };
    action(tr("New"), QStyle::SP_FileIcon, QKeySequence::New, [this] { newPipeline(); });
    action(tr("Open…"), QStyle::SP_DialogOpenButton, QKeySequence::UnknownKey,
           [this] { openWithDialog(); });
    action(tr("Save"), QStyle::SP_DialogSaveButton, QKeySequence::Save, [this] { save(); });
    action(tr("Save As…"), QStyle::SP_DialogSaveButton, QKeySequence::SaveAs, [this] { saveAs(); });
    m_fileActions.append(nullptr); // separator, replaced below
    m_undo = m_model->undoStack()->createUndoAction(this, tr("Undo"));
    m_undo->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo = m_model->undoStack()->createRedoAction(this, tr("Redo"));
    m_redo->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    m_redo->setShortcut(QKeySequence::Redo);
    for (QAction *a : {m_undo, m_redo}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
        m_fileActions.append(a);
    }
    m_fileActions.append(nullptr);
    action(tr("Start"), QStyle::SP_MediaPlay, QKeySequence::UnknownKey, [this] {
        startPipeline();
    })->setObjectName(QStringLiteral("designerStart"));
    for (QAction *&a : m_fileActions) {
        if (!a) {
            a = new QAction(this);
            a->setSeparator(true);
        }
    }
}

void DesignerPage::onModelChanged()
{
    *m_problems = DesignerValidator::validate(
        m_model->state(), m_file.isEmpty() ? QStringLiteral("new.yaml") : m_file);
    m_scene->sync(*m_problems);
    m_form->refresh();
    m_form->setProblems(*m_problems);
    // Coverage follows the steps and allow_unmasked, not every move on the canvas.
    const PipelineDocument document = m_model->state().toDocument();
    const DocumentValue *allow = document.top.find("allow_unmasked");
    auto privacyInput =
        std::pair(document.transforms, allow ? std::optional(*allow) : std::nullopt);
    if (privacyInput != m_privacyInput) {
        m_privacyInput = std::move(privacyInput);
        m_privacy->model()->setSteps(transformSelections(document), allowUnmaskedOf(document));
    }
}

void DesignerPage::newPipeline()
{
    m_file.clear();
    DesignerState state;
    state.pipeline.set("pipeline", DocumentValue::scalar("new-pipeline"));
    m_model->reset(state);
    m_form->showNode(0);
    m_form->setProblems(*m_problems);
    m_message->hide();
}

bool DesignerPage::openFile(const QString &file)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        m_message->showMessage(InlineMessage::Kind::Error,
                               tr("Cannot open %1: %2").arg(file, in.errorString()));
        return false;
    }
    auto result = readPipelineYaml(in.readAll().toStdString(), file.toStdString());
    if (const auto *error = std::get_if<ConfigError>(&result)) {
        m_message->showMessage(InlineMessage::Kind::Error,
                               QString::fromStdString(error->toString()));
        return false;
    }
    m_file = QFileInfo(file).absoluteFilePath();
    m_model->reset(
        DesignerState::fromDocument(std::get<PipelineDocument>(result), readLayoutSidecar(m_file)));
    m_model->undoStack()->setClean();
    m_form->showNode(0);
    m_form->setProblems(*m_problems);
    m_message->hide();
    m_view->showAll();
    return true;
}

bool DesignerPage::saveTo(const QString &file)
{
    QSaveFile out(file);
    const std::string yaml = writePipelineYaml(m_model->state().toDocument());
    if (!out.open(QIODevice::WriteOnly) || out.write(yaml.data(), qint64(yaml.size())) < 0 ||
        !out.commit() || !writeLayoutSidecar(file, m_model->state().layout())) {
        m_message->showMessage(InlineMessage::Kind::Error,
                               tr("Cannot save %1: %2").arg(file, out.errorString()));
        return false;
    }
    m_file = QFileInfo(file).absoluteFilePath();
    m_model->undoStack()->setClean();
    onModelChanged(); // relative paths now resolve against the file's folder
    m_message->showMessage(InlineMessage::Kind::Information, tr("Saved %1").arg(m_file));
    return true;
}

bool DesignerPage::save()
{
    return m_file.isEmpty() ? saveAs() : saveTo(m_file);
}

bool DesignerPage::saveAs()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Save Pipeline"), m_file,
                                                      tr("Pipeline files (*.yaml *.yml)"));
    return !file.isEmpty() && saveTo(file);
}

void DesignerPage::openWithDialog()
{
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Open Pipeline"), QFileInfo(m_file).path(),
                                     tr("Pipeline files (*.yaml *.yml);;All files (*)"));
    if (!file.isEmpty())
        openFile(file);
}

bool DesignerPage::isModified() const
{
    return !m_model->undoStack()->isClean();
}

void DesignerPage::startPipeline()
{
    if ((isModified() || m_file.isEmpty()) && !save())
        return;
    emit startRequested(m_file);
}

QString DesignerPage::baseDir() const
{
    return m_file.isEmpty() ? QString() : QFileInfo(m_file).path();
}

void DesignerPage::browseTables(const QString &dsn)
{
    m_browsingNode = m_form->nodeId();
    if (!m_tablesDialog) {
        m_tablesDialog = new SourceTablesDialog(this);
        connect(m_probe, &SourceProbeJob::sourceBrowsed, m_tablesDialog,
                [this](quint64, const SourceBrowseResult &result) {
                    const DesignerNode *node = m_model->state().node(m_browsingNode);
                    QStringList checked;
                    if (const DocumentValue *tables =
                            node ? node->section.find("tables") : nullptr) {
                        for (const auto &table : tables->items)
                            checked += QString::fromStdString(table);
                    }
                    m_tablesDialog->setResult(result, checked);
                });
        connect(m_tablesDialog, &QDialog::accepted, this, [this] {
            std::vector<std::string> tables;
            for (const QString &table : m_tablesDialog->checkedTables())
                tables.push_back(table.toStdString());
            m_model->setProperty(m_browsingNode, QStringLiteral("tables"),
                                 tables.empty() ? std::nullopt
                                                : std::optional(DocumentValue::list(tables)));
        });
    }
    m_tablesDialog->setLoading();
    const DesignerNode *node = m_model->state().node(m_browsingNode);
    m_probe->browseSource(QString::fromStdString(node ? node->type() : std::string("postgres")),
                          dsn, baseDir());
    m_tablesDialog->open();
}

} // namespace syncline::ui

namespace syncline::ui {

const DesignerNode *DesignerPage::sourceNode() const
{
    const auto sources = m_model->state().nodesOf(ConnectorKind::Source);
    return sources.empty() ? nullptr : sources.front();
}

void DesignerPage::showPrivacy()
{
    m_sideTabs->setCurrentWidget(m_privacy);
}

void DesignerPage::readSourceColumns()
{
    const DesignerNode *source = sourceNode();
    if (!source) {
        m_privacy->setError(tr("Add a source from the palette first."));
        return;
    }
    m_privacy->setLoading();
    m_privacyProbe->browseSource(QString::fromStdString(source->type()),
                                 QString::fromStdString(source->section.text("dsn")), baseDir());
}

void DesignerPage::openPreview(const QString &table)
{
    if (!m_previewDialog) {
        m_previewDialog = new TransformPreviewDialog(this);
        connect(m_previewDialog, &TransformPreviewDialog::fetchRequested, this,
                [this](const QString &name) {
                    m_previewDialog->setLoading();
                    const std::string yaml = writePipelineYaml(m_model->state().toDocument());
                    m_previewProbe->previewTransforms(QString::fromStdString(yaml),
                                                      m_file.isEmpty() ? QStringLiteral("new.yaml")
                                                                       : m_file,
                                                      name, TransformPreviewDialog::kRows);
                });
        connect(m_previewProbe, &SourceProbeJob::transformsPreviewed, m_previewDialog,
                [this](quint64, const TransformPreviewResult &result) {
                    if (!m_previewDialog->isVisible())
                        return; // closed meanwhile: its raw values are not wanted
                    if (result.error.isEmpty())
                        m_previewDialog->setPreview(result.preview);
                    else
                        m_previewDialog->setError(result.error);
                });
    }
    // The tables the Privacy view read, else those the source names.
    QStringList tables;
    for (const auto &shape : m_privacy->model()->tables())
        tables += QString::fromStdString(shape.qualifiedName());
    const DesignerNode *source = sourceNode();
    const DocumentValue *named = source ? source->section.find("tables") : nullptr;
    if (tables.isEmpty() && named) {
        for (const auto &entry : named->items)
            if (entry.find('*') == std::string::npos)
                tables += QString::fromStdString(entry);
    }
    m_previewDialog->setTables(tables, table);
    m_previewDialog->open();
}

} // namespace syncline::ui
