#pragma once

#include <QObject>

class QSocketNotifier;

// SIGINT, SIGTERM and SIGHUP as a Qt signal on the GUI thread (through a self-pipe), so that
// Ctrl-C in the terminal or the demo's timer stops pipelines gracefully instead of killing the
// console mid-transaction. A second signal exits at once, as `syncline run` does: safe, because
// nothing is confirmed to the source before the target committed it.
class StopSignals : public QObject
{
    Q_OBJECT

public:
    explicit StopSignals(QObject *parent = nullptr);
    ~StopSignals() override;

signals:
    void stopRequested();

private:
    QSocketNotifier *m_notifier = nullptr;
};
