#include "util/stop_signals.h"

#include <csignal>
#include <cstdio>
#include <initializer_list>
#include <unistd.h>

namespace syncline {

namespace {

volatile std::sig_atomic_t g_count = 0;
StopHandler g_onFirst = nullptr;
char g_message[160] = {};
int g_messageLength = 0;

extern "C" void onStopSignal(int)
{
    g_count = g_count + 1;
    if (g_count > 1) {
        [[maybe_unused]] const auto ignored = ::write(2, g_message, std::size_t(g_messageLength));
        ::_exit(130);
    }
    if (g_onFirst)
        g_onFirst();
}

void setAll(void (*handler)(int))
{
    struct sigaction action = {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (const int signal : {SIGINT, SIGTERM, SIGHUP})
        sigaction(signal, &action, nullptr);
}

} // namespace

void installStopSignals(const char *program, StopHandler onFirst)
{
    g_count = 0;
    g_onFirst = onFirst;
    g_messageLength =
        std::snprintf(g_message, sizeof g_message,
                      "%s: stopping now; the next run resumes from the slot\n", program);
    if (g_messageLength < 0 || g_messageLength >= int(sizeof g_message))
        g_messageLength = int(sizeof g_message) - 1;
    setAll(onStopSignal);
}

void restoreStopSignals()
{
    setAll(SIG_DFL);
}

} // namespace syncline
