#pragma once

namespace syncline {

// SIGINT, SIGTERM and SIGHUP for a program running pipelines. The first calls `onFirst` inside
// the signal handler, so it may only do async-signal-safe work (set an atomic, write to a
// pipe). A second exits at once with status 130, saying so on stderr: that is safe, because
// nothing is confirmed to the source before a target committed it.
using StopHandler = void (*)();
void installStopSignals(const char *program, StopHandler onFirst);
void restoreStopSignals(); // back to the default actions

} // namespace syncline
