#pragma once

#include "transport/kafka/topic_reader.h"

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLineEdit;
class QSpinBox;

namespace syncline::ui {

// Where to start reading a topic (beginning, the last N, an offset, a time), the filters (key,
// value text, header name=value) and live tail. Emits readChanged() when the start or a filter
// changes; typing in a filter is debounced.
class MessageBrowserBar : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kFilterDelayMs = 300;

    explicit MessageBrowserBar(QWidget *parent = nullptr);

    kafka::StartPosition startPosition() const;
    kafka::MessageFilter filter() const;
    bool liveTail() const;

    QComboBox *startBox() const { return m_start; }
    QLineEdit *keyFilter() const { return m_key; }
    QLineEdit *valueFilter() const { return m_value; }
    QLineEdit *headerFilter() const { return m_header; }
    QCheckBox *liveTailBox() const { return m_tail; }

signals:
    void readChanged();
    void liveTailToggled(bool on);

private:
    void updateStartEditors();

    QComboBox *m_start;
    QSpinBox *m_count;
    QLineEdit *m_offset;
    QDateTimeEdit *m_time;
    QLineEdit *m_key;
    QLineEdit *m_value;
    QLineEdit *m_header;
    QCheckBox *m_tail;
    QTimer m_filterTimer;
};

} // namespace syncline::ui
