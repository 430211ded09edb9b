#pragma once

// Named crash points for tests (FoundationDB/TiKV style): a test arms a point through the
// environment and the process dies exactly there, so a crash test proves recovery from one
// chosen moment instead of "somewhere in the next two seconds".
//
//   SYNCLINE_FAILPOINTS="sink.committed_before_confirm=kill;snapshot.between_tables=abort@2"
//
// Each entry is name=action[@hit]: the action runs on the given hit of the point (default 1).
// Actions: kill (SIGKILL, as kill -9), abort (std::abort, a core dump), exit (_exit(70)), and
// sleep:<ms>, which holds the thread there to widen a race window on purpose. First the
// process writes "failpoint <name>: <action>" to stderr, so a test can tell it got there. Built
// only where SYNCLINE_FAILPOINTS is defined (the dev and asan presets); release builds compile
// every point to nothing.

#ifdef SYNCLINE_FAILPOINTS
#define SYNCLINE_FAILPOINT(name) ::syncline::failpoint::hit(name)
#else
#define SYNCLINE_FAILPOINT(name) ((void)0)
#endif

namespace syncline::failpoint {

// Counts a pass through the point `name` and carries out its action when armed for this pass.
void hit(const char *name);

} // namespace syncline::failpoint
