#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableView;
class QTreeWidget;

namespace syncline::kafka {
struct BrowsedMessage;
}

namespace syncline::ui {

class EnvelopeDiffModel;

// One message in full: value (pretty JSON when it is JSON), key, headers and, for a Debezium
// change event, its columns before and after with the changed ones highlighted.
class MessageDetailView : public QWidget
{
    Q_OBJECT

public:
    explicit MessageDetailView(QWidget *parent = nullptr);

    void showMessage(const kafka::BrowsedMessage &message);
    void clear();

    EnvelopeDiffModel *diffModel() const { return m_diffModel; }
    QTabWidget *tabs() const { return m_tabs; }

private:
    QLabel *m_summary;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_value;
    QPlainTextEdit *m_key;
    QTreeWidget *m_headers;
    QTableView *m_diffView;
    EnvelopeDiffModel *m_diffModel;
    QLabel *m_diffSummary;
};

} // namespace syncline::ui
