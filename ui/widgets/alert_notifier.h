#pragma once

#include "alert_center.h"

#include <QObject>

class QSystemTrayIcon;

namespace syncline::ui {

// Tells the desktop when an alert fires: a tray message where the desktop has a system tray,
// at most one per pipeline and rule in five minutes (NotificationLimiter).
class AlertNotifier : public QObject
{
    Q_OBJECT

public:
    AlertNotifier(AlertCenter *center, const QIcon &icon, QObject *parent = nullptr);

    bool hasTray() const { return m_tray != nullptr; }

signals:
    // Each notification let through, shown in the tray or not (no tray: the window's status bar).
    void notified(const QString &title, const QString &message);

private:
    void onFired(const AlertEntry &entry);

    NotificationLimiter m_limiter;
    QSystemTrayIcon *m_tray = nullptr;
};

} // namespace syncline::ui
