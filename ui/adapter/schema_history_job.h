#pragma once

#include "schema_snapshot_fwd.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

namespace syncline::ui {

// Reads pipelines' schema histories on a worker thread and delivers each as a signal on the
// thread the job lives in. Each load gets a generation: a load still waiting when a newer one
// is asked for is skipped, and results of an older generation are dropped, so a slow read never
// overwrites a newer one. The engine writes the file concurrently (SQLite WAL); reading it is
// safe while the pipeline runs.
class SchemaHistoryJob : public QObject
{
    Q_OBJECT

public:
    explicit SchemaHistoryJob(QObject *parent = nullptr);
    ~SchemaHistoryJob() override; // waits for a read in progress (a local file: short)

    quint64 load(const QString &stateDirectory);
    // Drops the result of every load asked for so far.
    void cancel();
    quint64 generation() const { return m_generation; }

signals:
    void loaded(quint64 generation, const syncline::ui::SchemaSnapshotPtr &snapshot);

private:
    QThread m_thread;
    QObject m_context; // lives in m_thread; loads are posted to it
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);
};

} // namespace syncline::ui
