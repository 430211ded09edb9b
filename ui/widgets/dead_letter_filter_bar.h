#pragma once

#include "dlq/dead_letter.h"

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLineEdit;

namespace syncline::ui {

// The Dead letters page's filters but the error class (the side list sets that): table, status,
// a time range and text, the text debounced. changed() once per edit.
class DeadLetterFilterBar : public QWidget
{
    Q_OBJECT

public:
    explicit DeadLetterFilterBar(QWidget *parent = nullptr);

    dlq::DeadLetterFilter filter() const; // without sink and class
    void setTables(const std::vector<std::string> &tables);
    // Filters by this table (adding it to the list when it is not there yet).
    void selectTable(const QString &table);
    QLineEdit *textEdit() const { return m_text; }
    QComboBox *tableBox() const { return m_table; }
    QComboBox *statusBox() const { return m_status; }

signals:
    void changed();

private:
    QComboBox *m_table;
    QComboBox *m_status;
    QCheckBox *m_sinceOn;
    QDateTimeEdit *m_since;
    QCheckBox *m_untilOn;
    QDateTimeEdit *m_until;
    QLineEdit *m_text;
    QTimer m_textDebounce;
};

} // namespace syncline::ui
