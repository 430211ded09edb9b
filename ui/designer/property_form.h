#pragma once

#include <string>
#include <utility>
#include <vector>

#include "connector/registry.h"

#include <QHash>
#include <QWidget>

class QFormLayout;
class QLabel;
class QPushButton;

namespace syncline::ui {

class DesignerModel;
class PropertyField;
class TransformStepBar;
struct DesignerProblems;

// The properties of the selected node (or, with none selected, of the pipeline itself),
// generated from the connector registry's PropertySpecs. Each committed edit is one undo step
// in the model; validation errors show under their fields. A connector with a "dsn" (or a
// "url": the Redis sink) gets a "Test connection" button, the http sink a "Send test request"
// one (the same button: testConnectionButton()); a source with "dsn" and "tables" a
// "Browse tables…" button; a transform the buttons that move, delete and preview it.
class PropertyForm : public QWidget
{
    Q_OBJECT

public:
    explicit PropertyForm(DesignerModel *model, QWidget *parent = nullptr);

    void showNode(int nodeId); // 0: the pipeline's own settings
    int nodeId() const { return m_nodeId; }
    void refresh(); // after the model changed: values, or everything if the node's type did
    void setProblems(const DesignerProblems &problems);
    void setHelperStatus(const QString &text, bool ok);

    PropertyField *field(const QString &name) const { return m_fields.value(name); }
    QPushButton *testButton() const { return m_test; }
    QPushButton *testConnectionButton() const { return m_test; }
    QPushButton *browseButton() const { return m_browse; }
    QPushButton *testBrokersButton() const { return m_testBrokers; }
    TransformStepBar *stepBar() const { return m_stepBar; } // transform nodes only

signals:
    void testConnectionRequested(const QString &dsn);
    // An http sink's test request: its url, headers and secret as written (${ENV}, file:).
    void testRequestRequested(const QString &url,
                              const std::vector<std::pair<std::string, std::string>> &headers,
                              const QString &secret);
    void testBrokersRequested(const QString &bootstrap,
                              const std::vector<std::pair<std::string, std::string>> &properties);
    void browseTablesRequested(const QString &dsn);
    void previewRequested();

private:
    void rebuild();
    QString connectionField() const; // "dsn", "url", or empty: no connection to test
    QString currentDsn() const;

    DesignerModel *m_model;
    int m_nodeId = -1;
    std::string m_shownType;
    QLabel *m_title;
    QLabel *m_doc;
    QWidget *m_body = nullptr;
    QFormLayout *m_rows = nullptr;
    QLabel *m_otherProblems;
    QLabel *m_helperStatus;
    QPushButton *m_test = nullptr;
    QPushButton *m_browse = nullptr;
    QPushButton *m_testBrokers = nullptr;
    TransformStepBar *m_stepBar = nullptr;
    QHash<QString, PropertyField *> m_fields;
};

} // namespace syncline::ui
