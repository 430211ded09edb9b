#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace syncline::transform {
struct ChainPreview;
}

namespace syncline::ui {

class TransformPreviewModel;

// "Preview…": a few live rows of a chosen source table before and after the transforms. The
// rows are fetched on a worker thread by whoever listens to fetchRequested; raw values stay
// "hidden" until the user confirms "Show raw values?", and are dropped when the dialog closes.
class TransformPreviewDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int kRows = 5;

    explicit TransformPreviewDialog(QWidget *parent = nullptr);

    TransformPreviewModel *model() const { return m_model; }
    QComboBox *tableBox() const { return m_tables; }
    QPushButton *fetchButton() const { return m_fetch; }
    QPushButton *showRawButton() const { return m_showRaw; }
    QLabel *statusLabel() const { return m_status; }

    void setTables(const QStringList &tables, const QString &current); // "schema.table"
    void setLoading();
    void setError(const QString &message);
    void setPreview(transform::ChainPreview preview);

signals:
    void fetchRequested(const QString &table);

protected:
    void hideEvent(QHideEvent *event) override;

private:
    void confirmRawValues();

    TransformPreviewModel *m_model;
    QComboBox *m_tables;
    QPushButton *m_fetch;
    QPushButton *m_showRaw;
    QLabel *m_status;
    QTableView *m_view;
};

} // namespace syncline::ui
