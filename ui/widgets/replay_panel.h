#pragma once

#include "dlq/replayer.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace syncline::ui {

// The Dead letters page's action bar and replay progress: replay selected, replay all
// matching, edit and replay, discard; dry run and a rate cap; a progress bar with Cancel while
// an action runs; and each replayed dead letter's outcome. Emits what the user asked for; the
// page confirms and runs it.
class ReplayPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ReplayPanel(QWidget *parent = nullptr);

    bool dryRun() const;
    double maxPerSecond() const; // 0: no cap
    void setSelectionCount(int selected, int matching);
    void setRunning(bool running, int total = 0);
    void clearResults();
    void addResults(const std::vector<dlq::ReplayResult> &results, int done, int total);

    QPushButton *replaySelectedButton() const { return m_replaySelected; }
    QPushButton *replayAllButton() const { return m_replayAll; }
    QPushButton *editButton() const { return m_edit; }
    QPushButton *discardButton() const { return m_discard; }
    QPushButton *cancelButton() const { return m_cancel; }
    QCheckBox *dryRunBox() const { return m_dryRun; }
    QTreeWidget *results() const { return m_results; }

signals:
    void replaySelected();
    void replayAll();
    void editThenReplay();
    void discardSelected();
    void cancel();

private:
    void updateEnabled();

    QPushButton *m_replaySelected;
    QPushButton *m_replayAll;
    QPushButton *m_edit;
    QPushButton *m_discard;
    QCheckBox *m_dryRun;
    QSpinBox *m_rate;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QTreeWidget *m_results;
    int m_selected = 0;
    int m_matching = 0;
    bool m_running = false;
};

// An outcome as the console shows it ("Applied", "Would apply", ...), translated.
QString outcomeText(dlq::ReplayResult::Outcome outcome);

} // namespace syncline::ui
