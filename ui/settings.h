#pragma once

#include <QByteArray>
#include <QObject>
#include <QSettings>
#include <QStringList>

namespace syncline::ui {

// The console's persistent settings, the only place that knows their keys. Window state is saved
// with a version: a state from an older layout is ignored instead of restoring a broken one.
class Settings : public QObject
{
    Q_OBJECT

public:
    static constexpr int kWindowStateVersion = 1;
    static constexpr int kMaxRecentFiles = 10;

    explicit Settings(QObject *parent = nullptr);

    QByteArray windowGeometry() const;
    QByteArray windowState() const; // empty when saved by another layout version
    void setWindow(const QByteArray &geometry, const QByteArray &state);

    QStringList recentFiles() const;
    void addRecentFile(const QString &file); // moves it to the front
    void clearRecentFiles();

    int chartWindowSeconds() const; // 5 min by default
    void setChartWindowSeconds(int seconds);

    int currentPage() const;
    void setCurrentPage(int page);

signals:
    void recentFilesChanged();

private:
    QSettings m_settings;
};

} // namespace syncline::ui
