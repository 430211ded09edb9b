#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTreeWidget;

namespace syncline::ui {

class EnvelopeDiffModel;
struct DeadLetterDetail;

// One dead letter in full: its change (columns before and after, changed ones highlighted, and
// the envelope as JSON, the operator's edit if there is one), the target's full error, its
// fields (sink, event id, LSN, key, ...), and its history: the replay fields and every audit
// entry whose filter covers it.
class DeadLetterDetailView : public QWidget
{
    Q_OBJECT

public:
    explicit DeadLetterDetailView(QWidget *parent = nullptr);

    void showDetail(const DeadLetterDetail &detail);
    void clear();

    QTabWidget *tabs() const { return m_tabs; }
    QTreeWidget *history() const { return m_history; }
    EnvelopeDiffModel *diffModel() const { return m_diffModel; }

private:
    QLabel *m_summary;
    QTabWidget *m_tabs;
    EnvelopeDiffModel *m_diffModel;
    QPlainTextEdit *m_envelope;
    QPlainTextEdit *m_error;
    QTreeWidget *m_fields;
    QTreeWidget *m_history;
};

} // namespace syncline::ui
