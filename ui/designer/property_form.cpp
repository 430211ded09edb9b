#include "designer/property_form.h"

#include "designer/designer_items.h"
#include "designer/designer_model.h"
#include "designer/designer_validation.h"
#include "designer/property_field.h"
#include "designer/transform_step_bar.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace syncline::ui {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

const DocumentSection *sectionOf(const DesignerState &state, int nodeId)
{
    if (nodeId == 0)
        return &state.pipeline;
    const DesignerNode *node = state.node(nodeId);
    return node ? &node->section : nullptr;
}

} // namespace

PropertyForm::PropertyForm(DesignerModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_title(new QLabel(this)), m_doc(new QLabel(this)),
      m_otherProblems(new QLabel(this)), m_helperStatus(new QLabel(this))
{
    setObjectName(QStringLiteral("propertyForm"));
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_title->setFont(big);
    m_doc->setWordWrap(true);
    m_otherProblems->setWordWrap(true);
    m_otherProblems->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_helperStatus->setWordWrap(true);
    m_helperStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_helperStatus->hide();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_doc);
    layout->addWidget(m_otherProblems);
    layout->addStretch(); // the body goes before it
    layout->addWidget(m_helperStatus);
}

void PropertyForm::showNode(int nodeId)
{
    m_nodeId = nodeId;
    rebuild();
}

void PropertyForm::rebuild()
{
    if (m_body) {
        // Later: a button of the old body (a step's "Delete step") may be what rebuilds it.
        m_body->hide();
        m_body->deleteLater();
    }
    m_fields.clear();
    m_test = m_browse = m_testBrokers = nullptr;
    m_stepBar = nullptr;
    m_helperStatus->hide();
    m_body = new QWidget(this);
    m_rows = new QFormLayout(m_body);
    m_rows->setContentsMargins(0, 6, 0, 0);
    static_cast<QVBoxLayout *>(layout())->insertWidget(3, m_body);

    const DesignerNode *node = m_model->state().node(m_nodeId);
    const ConnectorSpec *spec = node ? node->spec() : nullptr;
    m_shownType = node ? node->type() : std::string();
    const std::vector<PropertySpec> &specs =
        node ? (spec ? spec->properties : std::vector<PropertySpec>{}) : pipelineProperties();
    if (!node) {
        m_title->setText(tr("Pipeline"));
        m_doc->setText(tr("Select a node to edit it; drag connectors from the palette."));
    } else {
        m_title->setText(kindTitle(node->kind) + QStringLiteral(" · ") + qs(m_shownType));
        m_doc->setText(spec ? qs(spec->doc) : tr("Unknown connector type."));
    }
    for (const auto &property : specs) {
        const bool structural = property.name == "type" ||
                                property.type == PropertyType::Connector ||
                                property.type == PropertyType::ConnectorList ||
                                property.type == PropertyType::Section; // kept as written
        if (structural)
            continue;
        auto *field = new PropertyField(property, m_body);
        const QString name = qs(property.name);
        m_fields.insert(name, field);
        auto *label = new QLabel(name + (property.required ? QStringLiteral(" *") : QString()));
        label->setToolTip(qs(property.doc));
        m_rows->addRow(label, field);
        // The node it was made for: an old body's field may finish its edit after a rebuild.
        connect(field, &PropertyField::edited, this, [this, name, field, nodeId = m_nodeId] {
            m_model->setProperty(nodeId, name, field->value());
        });
    }
    if (node && !connectionField().isEmpty()) {
        auto *buttons = new QHBoxLayout;
        if (node->kind == ConnectorKind::Sink && m_shownType == "http") {
            m_test = new QPushButton(tr("Send test request"), m_body);
            m_test->setObjectName(QStringLiteral("sendTestRequest"));
            m_test->setToolTip(tr("POSTs an empty batch ([]) to the url, signed and with the "
                                  "headers, as syncline validate does"));
            connect(m_test, &QPushButton::clicked, this, [this] {
                const DesignerNode *current = m_model->state().node(m_nodeId);
                if (!current)
                    return;
                const DocumentValue *headers = current->section.find("headers");
                emit testRequestRequested(
                    qs(current->section.text("url")),
                    headers ? headers->pairs : std::vector<std::pair<std::string, std::string>>(),
                    qs(current->section.text("secret")));
            });
        } else {
            m_test = new QPushButton(tr("Test connection"), m_body);
            m_test->setObjectName(QStringLiteral("testConnection"));
            connect(m_test, &QPushButton::clicked, this,
                    [this] { emit testConnectionRequested(currentDsn()); });
        }
        buttons->addWidget(m_test);
        if (node->kind == ConnectorKind::Source && m_fields.contains(QStringLiteral("tables"))) {
            m_browse = new QPushButton(tr("Browse tables…"), m_body);
            m_browse->setObjectName(QStringLiteral("browseTables"));
            connect(m_browse, &QPushButton::clicked, this,
                    [this] { emit browseTablesRequested(currentDsn()); });
            buttons->addWidget(m_browse);
        }
        buttons->addStretch();
        m_rows->addRow(QString(), buttons);
    }
    if (node && node->kind == ConnectorKind::Transform) {
        m_stepBar = new TransformStepBar(m_model, m_nodeId, m_body);
        connect(m_stepBar, &TransformStepBar::previewRequested, this,
                &PropertyForm::previewRequested);
        m_rows->addRow(QString(), m_stepBar);
    }
    if (node && m_fields.contains(QStringLiteral("brokers"))) {
        m_testBrokers = new QPushButton(tr("Test brokers"), m_body);
        m_testBrokers->setObjectName(QStringLiteral("testBrokers"));
        connect(m_testBrokers, &QPushButton::clicked, this, [this] {
            const DesignerNode *current = m_model->state().node(m_nodeId);
            if (!current)
                return;
            const DocumentValue *properties = current->section.find("properties");
            emit testBrokersRequested(qs(current->section.text("brokers")),
                                      properties
                                          ? properties->pairs
                                          : std::vector<std::pair<std::string, std::string>>());
        });
        m_rows->addRow(QString(), m_testBrokers);
    }
    refresh();
}

void PropertyForm::refresh()
{
    const DesignerNode *node = m_model->state().node(m_nodeId);
    if (m_nodeId != 0 && !node) {
        showNode(0);
        return;
    }
    if (node && node->type() != m_shownType) {
        rebuild();
        return;
    }
    const DocumentSection *section = sectionOf(m_model->state(), m_nodeId);
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it)
        it.value()->load(section ? section->find(it.key().toStdString()) : nullptr);
}

void PropertyForm::setProblems(const DesignerProblems &problems)
{
    const auto fieldProblems = problems.fields.value(m_nodeId);
    QStringList other = m_nodeId == 0 ? problems.general : QStringList();
    other += problems.nodes.value(m_nodeId);
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it)
        it.value()->setErrors(fieldProblems.value(it.key()));
    for (auto it = fieldProblems.begin(); it != fieldProblems.end(); ++it) {
        if (!m_fields.contains(it.key()))
            other += it.value();
    }
    m_otherProblems->setText(other.join(QLatin1Char('\n')));
    m_otherProblems->setVisible(!other.isEmpty());
}

void PropertyForm::setHelperStatus(const QString &text, bool ok)
{
    m_helperStatus->setStyleSheet(ok ? QStringLiteral("color: #2e7d32;")
                                     : QStringLiteral("color: #c62828;"));
    m_helperStatus->setText(text);
    m_helperStatus->setVisible(!text.isEmpty());
}

QString PropertyForm::connectionField() const
{
    for (const QString name : {QStringLiteral("dsn"), QStringLiteral("url")})
        if (m_fields.contains(name))
            return name;
    return {};
}

QString PropertyForm::currentDsn() const
{
    const DesignerNode *node = m_model->state().node(m_nodeId);
    const QString field = connectionField();
    return node && !field.isEmpty() ? qs(node->section.text(field.toStdString())) : QString();
}

} // namespace syncline::ui
