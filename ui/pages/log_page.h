#pragma once

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QTableView;

namespace syncline::ui {

class LogFilterProxy;
class LogModel;

// The engine's log, filtered by level, category and text (typing is debounced). Follows new
// entries while scrolled to the bottom.
class LogPage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kFilterDelayMs = 200;

    explicit LogPage(LogModel *model, QWidget *parent = nullptr);

    LogFilterProxy *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }

private:
    void applyTextFilter();

    LogModel *m_model;
    LogFilterProxy *m_proxy;
    QComboBox *m_levelBox;
    QComboBox *m_categoryBox;
    QLineEdit *m_textEdit;
    QTableView *m_view;
    QTimer m_textTimer;
    bool m_follow = true;
};

} // namespace syncline::ui
