#include "alert_notifier.h"

#include <QDateTime>
#include <QSystemTrayIcon>

namespace syncline::ui {

AlertNotifier::AlertNotifier(AlertCenter *center, const QIcon &icon, QObject *parent)
    : QObject(parent)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(icon, this);
        m_tray->setToolTip(tr("Syncline Console"));
        m_tray->show();
    }
    connect(center, &AlertCenter::alertFired, this, &AlertNotifier::onFired);
}

void AlertNotifier::onFired(const AlertEntry &entry)
{
    if (!m_limiter.allow(entry.pipeline, entry.rule, QDateTime::currentMSecsSinceEpoch()))
        return;
    const QString title = tr("%1: %2").arg(entry.pipeline, entry.rule);
    if (m_tray)
        m_tray->showMessage(title, entry.message,
                            entry.severity == AlertSeverity::Critical ? QSystemTrayIcon::Critical
                                                                      : QSystemTrayIcon::Warning,
                            15000);
    emit notified(title, entry.message);
}

} // namespace syncline::ui
