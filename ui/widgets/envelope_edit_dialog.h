#pragma once

#include <QDialog>
#include <QTimer>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace syncline::ui {

// Edits a dead letter's change event (a Debezium JSON envelope) before it is replayed. The
// text is checked with core's codec as it is typed (debounced): Save is enabled only for a
// change event the replay can apply, and the problem shows inline.
class EnvelopeEditDialog : public QDialog
{
    Q_OBJECT

public:
    explicit EnvelopeEditDialog(qint64 id, const QString &envelope, QWidget *parent = nullptr);

    QString envelope() const;
    bool isValid() const { return m_valid; }
    QPlainTextEdit *editor() const { return m_editor; }

private:
    void validate();

    QPlainTextEdit *m_editor;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    QTimer m_debounce;
    bool m_valid = false;
};

} // namespace syncline::ui
