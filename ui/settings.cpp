#include "settings.h"

namespace syncline::ui {
namespace {

// Every key, in one place.
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kStateVersion = QStringLiteral("window/stateVersion");
const QString kRecentFiles = QStringLiteral("files/recent");
const QString kChartWindow = QStringLiteral("dashboard/windowSeconds");
const QString kCurrentPage = QStringLiteral("window/page");

} // namespace

Settings::Settings(QObject *parent) : QObject(parent) {}

QByteArray Settings::windowGeometry() const
{
    return m_settings.value(kGeometry).toByteArray();
}

QByteArray Settings::windowState() const
{
    if (m_settings.value(kStateVersion).toInt() != kWindowStateVersion)
        return {};
    return m_settings.value(kState).toByteArray();
}

void Settings::setWindow(const QByteArray &geometry, const QByteArray &state)
{
    m_settings.setValue(kGeometry, geometry);
    m_settings.setValue(kState, state);
    m_settings.setValue(kStateVersion, kWindowStateVersion);
}

QStringList Settings::recentFiles() const
{
    return m_settings.value(kRecentFiles).toStringList();
}

void Settings::addRecentFile(const QString &file)
{
    QStringList files = recentFiles();
    files.removeAll(file);
    files.prepend(file);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    m_settings.setValue(kRecentFiles, files);
    emit recentFilesChanged();
}

void Settings::clearRecentFiles()
{
    m_settings.remove(kRecentFiles);
    emit recentFilesChanged();
}

int Settings::chartWindowSeconds() const
{
    return m_settings.value(kChartWindow, 5 * 60).toInt();
}

void Settings::setChartWindowSeconds(int seconds)
{
    m_settings.setValue(kChartWindow, seconds);
}

int Settings::currentPage() const
{
    return m_settings.value(kCurrentPage, 0).toInt();
}

void Settings::setCurrentPage(int page)
{
    m_settings.setValue(kCurrentPage, page);
}

} // namespace syncline::ui
