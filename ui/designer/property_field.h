#pragma once

#include "config/pipeline_document.h"
#include "connector/registry.h"

#include <QWidget>

#include <optional>

class QLabel;

namespace syncline::ui {

class RowsEditor;

// The editor of one property, chosen by its PropertySpec: a line edit (a password field for a
// secret, the default as placeholder), a spin box from the minimum, a three-state check box, a
// combo box of the allowed values, a list or mapping editor. "Not set" (the default applies) is
// part of each, so an untouched key stays out of the file. Shows its validation errors below.
class PropertyField : public QWidget
{
    Q_OBJECT

public:
    explicit PropertyField(const PropertySpec &spec, QWidget *parent = nullptr);

    const PropertySpec &spec() const { return m_spec; }
    void load(const DocumentValue *value); // does not emit edited()
    std::optional<DocumentValue> value() const;
    void setErrors(const QStringList &errors);
    QWidget *editor() const { return m_editor; }
    QLabel *errorLabel() const { return m_error; }

signals:
    void edited();

private:
    QWidget *createEditor();
    void emitEdited();

    PropertySpec m_spec;
    QWidget *m_editor = nullptr;
    RowsEditor *m_rows = nullptr;
    QLabel *m_error;
    bool m_loading = false;
};

} // namespace syncline::ui
