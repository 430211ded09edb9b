#include "designer/property_field.h"

#include "designer/rows_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace syncline::ui {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

QString defaultLabel(const PropertySpec &spec)
{
    return spec.defaultText.empty() ? PropertyField::tr("(not set)")
                                    : PropertyField::tr("default (%1)").arg(qs(spec.defaultText));
}

// Any value as one line, for a shape the editor does not expect.
QString flatText(const DocumentValue &value)
{
    if (value.shape == DocumentValue::Shape::List) {
        QStringList items;
        for (const auto &item : value.items)
            items += qs(item);
        return items.join(QStringLiteral(", "));
    }
    return qs(value.text);
}

} // namespace

PropertyField::PropertyField(const PropertySpec &spec, QWidget *parent)
    : QWidget(parent), m_spec(spec), m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("field_") + qs(spec.name));
    m_editor = createEditor();
    m_editor->setToolTip(qs(spec.doc)); // core's English reference text
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_editor);
    layout->addWidget(m_error);
}

QWidget *PropertyField::createEditor()
{
    switch (m_spec.type) {
    case PropertyType::Int: {
        auto *spin = new QSpinBox(this);
        const int minimum = m_spec.minimum.value_or(-1000000);
        spin->setRange(minimum - 1, std::numeric_limits<int>::max());
        spin->setSpecialValueText(defaultLabel(m_spec)); // minimum - 1: not set
        spin->setValue(spin->minimum());
        connect(spin, &QSpinBox::valueChanged, this, &PropertyField::emitEdited);
        return spin;
    }
    case PropertyType::Bool: {
        auto *check = new QCheckBox(this);
        check->setTristate(true);
        check->setCheckState(Qt::PartiallyChecked);
        check->setText(defaultLabel(m_spec));
        connect(check, &QCheckBox::stateChanged, this, [this, check](int state) {
            check->setText(state == Qt::PartiallyChecked ? defaultLabel(m_spec) : QString());
            emitEdited();
        });
        return check;
    }
    case PropertyType::Enum: {
        auto *combo = new QComboBox(this);
        combo->addItem(defaultLabel(m_spec), QString());
        for (const auto &allowed : m_spec.allowedValues)
            combo->addItem(qs(allowed), qs(allowed));
        connect(combo, &QComboBox::currentIndexChanged, this, &PropertyField::emitEdited);
        return combo;
    }
    case PropertyType::StringList:
    case PropertyType::StringMap: {
        const bool map = m_spec.type == PropertyType::StringMap;
        m_rows = new RowsEditor(
            map ? QStringList{tr("Name"), tr("Value")} : QStringList{tr("Item")}, this);
        connect(m_rows, &RowsEditor::edited, this, &PropertyField::emitEdited);
        return m_rows;
    }
    default: {
        auto *line = new QLineEdit(this);
        line->setPlaceholderText(m_spec.defaultText.empty() ? QString() : qs(m_spec.defaultText));
        if (m_spec.secret) // shown while it is being edited only
            line->setEchoMode(QLineEdit::PasswordEchoOnEdit);
        connect(line, &QLineEdit::editingFinished, this, &PropertyField::emitEdited);
        return line;
    }
    }
}

void PropertyField::load(const DocumentValue *value)
{
    m_loading = true;
    if (auto *spin = qobject_cast<QSpinBox *>(m_editor)) {
        bool ok = false;
        const int number = value ? QString::fromStdString(value->text).toInt(&ok) : 0;
        spin->setValue(ok ? number : spin->minimum());
    } else if (auto *check = qobject_cast<QCheckBox *>(m_editor)) {
        const QString text = value ? flatText(*value) : QString();
        check->setCheckState(text == u"true"    ? Qt::Checked
                             : text == u"false" ? Qt::Unchecked
                                                : Qt::PartiallyChecked);
        check->setText(check->checkState() == Qt::PartiallyChecked ? defaultLabel(m_spec)
                                                                   : QString());
    } else if (auto *combo = qobject_cast<QComboBox *>(m_editor)) {
        const QString text = value ? flatText(*value) : QString();
        if (combo->findData(text) < 0)
            combo->addItem(text, text); // kept as written; validation says what is wrong
        combo->setCurrentIndex(combo->findData(text));
    } else if (m_rows) {
        QList<QStringList> rows;
        if (value && value->shape == DocumentValue::Shape::Map) {
            for (const auto &[key, text] : value->pairs)
                rows += QStringList{qs(key), qs(text)};
        } else if (value && value->shape == DocumentValue::Shape::List) {
            for (const auto &item : value->items)
                rows += QStringList{qs(item)};
        } else if (value) {
            rows += QStringList{flatText(*value)};
        }
        m_rows->setRows(rows);
    } else if (auto *line = qobject_cast<QLineEdit *>(m_editor)) {
        line->setText(value ? flatText(*value) : QString());
    }
    m_loading = false;
}

std::optional<DocumentValue> PropertyField::value() const
{
    if (auto *spin = qobject_cast<QSpinBox *>(m_editor)) {
        if (spin->value() == spin->minimum())
            return std::nullopt;
        return DocumentValue::scalar(std::to_string(spin->value()));
    }
    if (auto *check = qobject_cast<QCheckBox *>(m_editor)) {
        if (check->checkState() == Qt::PartiallyChecked)
            return std::nullopt;
        return DocumentValue::scalar(check->isChecked() ? "true" : "false");
    }
    if (auto *combo = qobject_cast<QComboBox *>(m_editor)) {
        const QString text = combo->currentData().toString();
        return text.isEmpty() ? std::nullopt
                              : std::optional(DocumentValue::scalar(text.toStdString()));
    }
    if (m_rows) {
        const QList<QStringList> rows = m_rows->rows();
        if (rows.isEmpty())
            return std::nullopt;
        if (m_spec.type == PropertyType::StringMap) {
            std::vector<std::pair<std::string, std::string>> pairs;
            for (const QStringList &row : rows)
                pairs.emplace_back(row.value(0).toStdString(), row.value(1).toStdString());
            return DocumentValue::map(std::move(pairs));
        }
        std::vector<std::string> items;
        for (const QStringList &row : rows)
            items.push_back(row.value(0).toStdString());
        return DocumentValue::list(std::move(items));
    }
    const QString text = static_cast<QLineEdit *>(m_editor)->text();
    return text.isEmpty() ? std::nullopt : std::optional(DocumentValue::scalar(text.toStdString()));
}

void PropertyField::setErrors(const QStringList &errors)
{
    m_error->setText(errors.join(QLatin1Char('\n')));
    m_error->setVisible(!errors.isEmpty());
    m_editor->setProperty("hasError", !errors.isEmpty());
}

void PropertyField::emitEdited()
{
    if (!m_loading)
        emit edited();
}

} // namespace syncline::ui
