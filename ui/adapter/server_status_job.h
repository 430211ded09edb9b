#pragma once

#include <QMetaType>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace syncline {
struct PipelineConfig;
struct StatusReport;
} // namespace syncline

namespace syncline::ui {

using StatusReportPtr = std::shared_ptr<const syncline::StatusReport>;

// Reads where a pipeline stands on its servers (core's collectStatus: the slot on the source,
// each sink's recorded position) on a worker thread, and delivers it as a signal on the thread
// the job lives in. One read at a time: asking while one runs is skipped. Each read has a
// generation; a result of an older generation than the last asked for is dropped.
class ServerStatusJob : public QObject
{
    Q_OBJECT

public:
    explicit ServerStatusJob(QObject *parent = nullptr);
    ~ServerStatusJob() override; // waits for a read in progress

    // False when a read is still running (nothing asked).
    bool probe(const PipelineConfig &config);
    bool isRunning() const { return m_running; }
    void cancel();

signals:
    void probed(const syncline::ui::StatusReportPtr &report);

private:
    QThread m_thread;
    QObject m_context; // lives in m_thread
    bool m_running = false;
    quint64 m_generation = 0;
};

} // namespace syncline::ui

Q_DECLARE_METATYPE(syncline::ui::StatusReportPtr)
