#pragma once

// Process and file-system plumbing behind PgCluster and MariaDbServer. Internal to
// syncline_test_support.

#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace syncline::test::detail {

[[noreturn]] void fail(const QString &message); // throws PgError

// What differs between the servers the tests start.
struct ServerProcess
{
    const char *user;        // runs the server when the tests run as root
    const char *processName; // its /proc/<pid>/comm
    const char *pidFile;     // in the data directory; its first line is the server's pid
    int stopSignal;          // a clean, fast shutdown
    const char *dirPrefix;   // of the temporary directories, "syncline-pg-"
};
const ServerProcess &postgresProcess();
const ServerProcess &mariadbProcess();
const ServerProcess &redisProcess();

bool runningAsRoot();
// SYNCLINE_TEST_KEEP_PG set and not "0": temporary directories survive for inspection.
bool keepDirectories();
// To `postgres` (or server.user) when we are root; no-op otherwise.
void chownToServerUser(const QString &path, const ServerProcess &server = postgresProcess());

struct ToolResult
{
    bool ok = false;
    QString output; // on failure: what failed, the exit code and the tool's output
};

// Runs a tool and collects its output. The child dies with this process (PR_SET_PDEATHSIG), so a
// killed test leaves no initdb or pg_ctl behind. With asServerUser it runs as `postgres` when we
// are root (PostgreSQL refuses to run as root).
ToolResult runTool(const QString &program, const QStringList &arguments, const QString &workDir,
                   bool asServerUser, int timeoutMs = 60000,
                   const ServerProcess &server = postgresProcess());

// A port on 127.0.0.1 that was free a moment ago.
int freePort();

QString fileTail(const QString &path, int lines);
qint64 readPostmasterPid(const QString &dataDir); // 0 when there is none
qint64 readPidFile(const QString &path);          // 0 when there is none

bool isProcessAlive(qint64 pid); // exists and is not a zombie
// Guards against signalling an unrelated process that reused a stale pid.
bool isPostgresProcess(qint64 pid);
bool isServerProcess(qint64 pid, const ServerProcess &server);
bool waitUntilGone(qint64 pid, int timeoutMs);
// Sends server.stopSignal and waits up to 30 s; then SIGQUIT, then SIGKILL. `label` names the
// server in the warning an escalation prints. No-op when pid is not such a server any more.
void stopServer(qint64 pid, const ServerProcess &server, const QString &label);

// A temporary directory <tmp>/<dirPrefix><label>-XXXXXX owned by the server user, guarded by a
// watchdog: a detached shell that blocks reading a socket whose other end only this process
// holds. When that closes — the destructor, or the kernel when this process dies in any way
// (crash, kill -9, ctest timeout) — the watchdog stops the server running in <path>/<dataDir>,
// if any, and removes the directory.
class TempRoot
{
public:
    TempRoot(const QString &label, const QString &dataDir,
             const ServerProcess &server = postgresProcess());
    ~TempRoot(); // call once the server is stopped
    TempRoot(const TempRoot &) = delete;
    TempRoot &operator=(const TempRoot &) = delete;

    QString path() const { return m_path; }

private:
    QString m_path;
    int m_watchdogFd = -1;
    qint64 m_watchdogPid = 0;
};

} // namespace syncline::test::detail
