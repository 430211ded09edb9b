#pragma once

#include <QFrame>

class QLabel;

namespace syncline::ui {

// A message inside a page (not a dialog): an error, a warning or a note, with selectable text
// so a user can copy "file:line:col" from it.
class InlineMessage : public QFrame
{
    Q_OBJECT

public:
    enum class Kind
    {
        Error,
        Warning,
        Information
    };

    explicit InlineMessage(QWidget *parent = nullptr);

    void showMessage(Kind kind, const QString &text); // plain text; lines stay lines
    QString text() const;

private:
    QLabel *m_icon;
    QLabel *m_text;
};

} // namespace syncline::ui
