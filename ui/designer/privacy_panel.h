#pragma once

#include <QWidget>

#include <string>
#include <vector>

class QLabel;
class QPushButton;
class QTableView;

namespace syncline {
struct InspectedTable;
}

namespace syncline::ui {

class PrivacyColumnModel;

// The designer's Privacy view: every column of the source's tables (read live with "Read
// columns"), the transform step that covers it and its pii: tags, unmasked personal data in
// red, and "Preview…" for the selected column's table.
class PrivacyPanel : public QWidget
{
    Q_OBJECT

public:
    explicit PrivacyPanel(QWidget *parent = nullptr);

    PrivacyColumnModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPushButton *readButton() const { return m_read; }
    QPushButton *previewButton() const { return m_preview; }
    QLabel *summaryLabel() const { return m_summary; }

    void setLoading();
    void setError(const QString &message);
    // The inspected tables that the source's "tables" entries name (all when it names none).
    void setTables(const std::vector<InspectedTable> &tables,
                   const std::vector<std::string> &entries);

signals:
    void readRequested();
    void previewRequested(const QString &table); // "schema.table"

private:
    void updateSummary();

    PrivacyColumnModel *m_model;
    QTableView *m_view;
    QPushButton *m_read;
    QPushButton *m_preview;
    QLabel *m_summary;
    QString m_error;
};

} // namespace syncline::ui
