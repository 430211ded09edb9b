#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace syncline::ui {

struct VerifyProgress;

// The Validate page's live progress: a bar of rows compared against the estimate, with rows/s
// and the time left, what is being compared or what a repair waits for, and Cancel. Hidden
// while nothing runs.
class VerifyProgressPanel : public QWidget
{
    Q_OBJECT

public:
    explicit VerifyProgressPanel(QWidget *parent = nullptr);

    // A run begins (the bar is busy until the first comparison tells its estimate).
    void start(const QString &what);
    // A comparison begins: `rowsEstimated` rows (0: unknown).
    void beginPass(long long rowsEstimated);
    void setProgress(const VerifyProgress &progress);
    void setStage(const QString &text);
    void finish();

    // "1,234 of about 5,000 rows · 2,100/s · ETA 2 s"
    static QString progressText(const VerifyProgress &progress);

    QProgressBar *bar() const { return m_bar; }
    QLabel *label() const { return m_label; }
    QPushButton *cancelButton() const { return m_cancel; }

signals:
    void cancelRequested();

private:
    QProgressBar *m_bar;
    QLabel *m_label;
    QPushButton *m_cancel;
};

} // namespace syncline::ui
