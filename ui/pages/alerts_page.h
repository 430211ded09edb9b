#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace syncline::ui {

class AlertCenter;
class AlertModel;

// Every alert of the open pipelines, active and past, newest first; the selected ones or all
// can be acknowledged (marked seen: no longer bold, no longer counted on the badges).
class AlertsPage : public QWidget
{
    Q_OBJECT

public:
    AlertsPage(AlertCenter *center, QWidget *parent = nullptr);

    AlertModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPushButton *acknowledgeButton() const { return m_acknowledge; }
    QPushButton *acknowledgeAllButton() const { return m_acknowledgeAll; }

private:
    void updateSummary();

    AlertCenter *m_center;
    AlertModel *m_model;
    QTableView *m_view;
    QLabel *m_summary;
    QPushButton *m_acknowledge;
    QPushButton *m_acknowledgeAll;
};

} // namespace syncline::ui
