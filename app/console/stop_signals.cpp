#include "stop_signals.h"

#include "util/stop_signals.h"

#include <QSocketNotifier>

#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_pipe[2] = {-1, -1};

// In the signal handler: only a write to the self-pipe.
void wakeGuiThread()
{
    const char byte = 1;
    [[maybe_unused]] const auto ignored = ::write(g_pipe[0], &byte, 1);
}

} // namespace

StopSignals::StopSignals(QObject *parent) : QObject(parent)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_pipe) != 0)
        return;
    m_notifier = new QSocketNotifier(g_pipe[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char byte;
        [[maybe_unused]] const auto ignored = ::read(g_pipe[1], &byte, 1);
        emit stopRequested();
    });
    syncline::installStopSignals("syncline-console", &wakeGuiThread);
}

StopSignals::~StopSignals()
{
    syncline::restoreStopSignals();
}
