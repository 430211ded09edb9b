#include "pg_process.h"

#include "pg_cluster.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace syncline::test::detail {

using namespace Qt::StringLiterals;

namespace {

struct ServerUser
{
    uid_t uid = 0;
    gid_t gid = 0;
};

// Tools and servers run as ourselves, or as server.user when we are root.
ServerUser serverUser(const ServerProcess &server)
{
    if (!runningAsRoot())
        return {::geteuid(), ::getegid()};
    const passwd *pw = ::getpwnam(server.user);
    if (!pw)
        fail(u"running as root, but there is no '%1' user to run the %2 server as "
             "(run packaging/setup-debian.sh)"_s.arg(QString::fromLatin1(server.user),
                                                     QString::fromLatin1(server.processName)));
    return {pw->pw_uid, pw->pw_gid};
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(strerror(error));
}

const char kWatchdogScript[] = R"sh(
last=
while read -r line; do last=$line; done
# Died without cleaning up: give a postmaster that pg_ctl launched just now time to write its pid
# file, and killed tools (PR_SET_PDEATHSIG) time to exit.
[ "$last" = clean ] || sleep 0.5
# $4: the pid file's name in the data directory, $5: the server's comm, $6: its stop signal,
# $7: the prefix every such temporary directory has.
if [ -n "$1" ] && [ -f "$1/$4" ]; then
    p=$(head -n 1 "$1/$4")
    if [ -n "$p" ] && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$5" ]; then
        kill -"$6" "$p" 2>/dev/null
        i=0
        while [ $i -lt 300 ] && [ -f "$1/$4" ]; do sleep 0.1; i=$((i + 1)); done
        [ -f "$1/$4" ] && kill -QUIT "$p" 2>/dev/null
    fi
fi
[ "$3" = keep ] && exit 0
case "$2" in */"$7"*) ;; *) exit 0 ;; esac
i=0
while [ -e "$2" ] && [ $i -lt 20 ]; do rm -rf -- "$2" 2>/dev/null || sleep 0.1; i=$((i + 1)); done
)sh";

} // namespace

void fail(const QString &message)
{
    throw PgError(message.toStdString());
}

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

bool keepDirectories()
{
    const QByteArray keep = qgetenv("SYNCLINE_TEST_KEEP_PG");
    return !keep.isEmpty() && keep != "0";
}

const ServerProcess &postgresProcess()
{
    static const ServerProcess server{"postgres", "postgres", "postmaster.pid", SIGINT,
                                      "syncline-pg-"};
    return server;
}

const ServerProcess &mariadbProcess()
{
    static const ServerProcess server{"mysql", "mariadbd", "mariadbd.pid", SIGTERM,
                                      "syncline-mariadb-"};
    return server;
}

const ServerProcess &redisProcess()
{
    static const ServerProcess server{"redis", "redis-server", "redis.pid", SIGTERM,
                                      "syncline-redis-"};
    return server;
}

void chownToServerUser(const QString &path, const ServerProcess &server)
{
    if (!runningAsRoot())
        return;
    const ServerUser user = serverUser(server);
    if (::chown(QFile::encodeName(path).constData(), user.uid, user.gid) != 0)
        fail(u"cannot chown %1 to %2: %3"_s.arg(path, QString::fromLatin1(server.user),
                                                errnoText(errno)));
}

ToolResult runTool(const QString &program, const QStringList &arguments, const QString &workDir,
                   bool asServerUser, int timeoutMs, const ServerProcess &server)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(workDir); // never a directory postgres cannot enter, like /root
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"PGDATA", "PGPORT", "PGHOST", "PGUSER", "PGOPTIONS"})
        env.remove(QString::fromLatin1(name));
    env.insert(u"LC_ALL"_s, u"C"_s);
    process.setProcessEnvironment(env);
    const bool switchUser = asServerUser && runningAsRoot();
    const ServerUser user = switchUser ? serverUser(server) : ServerUser{};
    const pid_t parent = ::getpid();
    process.setChildProcessModifier([switchUser, user, parent] {
        // Between fork and exec: async-signal-safe calls only.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(1);
        if (switchUser && (::setgroups(1, &user.gid) != 0 || ::setgid(user.gid) != 0 ||
                           ::setuid(user.uid) != 0)) {
            const char message[] = "cannot switch to the server's user\n";
            [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, message, sizeof message - 1);
            ::_exit(126);
        }
    });
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return {false, u"cannot run %1: %2"_s.arg(program, process.errorString())};
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return {false, u"%1 timed out after %2 s"_s.arg(program).arg(timeoutMs / 1000)};
    }
    const QString output = QString::fromLocal8Bit(process.readAll()).trimmed();
    const bool ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    return {ok, ok ? output
                   : u"%1 failed (exit %2): %3"_s.arg(program).arg(process.exitCode()).arg(output)};
}

int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        fail(u"socket(): %1"_s.arg(errnoText(errno)));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0;
    const int error = errno;
    ::close(fd);
    if (!ok)
        fail(u"cannot find a free port on 127.0.0.1: %1"_s.arg(errnoText(error)));
    return ntohs(address.sin_port);
}

QString fileTail(const QString &path, int lines)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() > 256 * 1024)
        file.seek(file.size() - 256 * 1024);
    QStringList all = QString::fromUtf8(file.readAll()).split(u'\n');
    while (!all.isEmpty() && all.constLast().isEmpty())
        all.removeLast();
    return all.mid(qMax(0, all.size() - lines)).join(u'\n');
}

qint64 readPostmasterPid(const QString &dataDir)
{
    return readPidFile(dataDir + u"/postmaster.pid"_s);
}

qint64 readPidFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return file.readLine().trimmed().toLongLong();
}

bool isProcessAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    // "pid (comm) S ...": the state follows the last ')'. A zombie has exited already; where
    // PID 1 does not reap orphans (some containers), a stopped postmaster stays one.
    const QByteArray line = stat.readAll();
    const qsizetype paren = line.lastIndexOf(')');
    const char state = paren >= 0 && paren + 2 < line.size() ? line.at(paren + 2) : '?';
    return state != 'Z' && state != 'X';
}

bool isPostgresProcess(qint64 pid)
{
    return isServerProcess(pid, postgresProcess());
}

bool isServerProcess(qint64 pid, const ServerProcess &server)
{
    QFile comm(u"/proc/%1/comm"_s.arg(pid));
    return comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == server.processName &&
           isProcessAlive(pid);
}

bool waitUntilGone(qint64 pid, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (isProcessAlive(pid)) {
        if (timer.elapsed() > timeoutMs)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

void stopServer(qint64 pid, const ServerProcess &server, const QString &label)
{
    if (!isServerProcess(pid, server))
        return; // already gone
    ::kill(static_cast<pid_t>(pid), server.stopSignal);
    if (waitUntilGone(pid, 30000))
        return;
    qWarning("%s: shutdown of pid %lld timed out, sending SIGQUIT", qPrintable(label), pid);
    ::kill(static_cast<pid_t>(pid), SIGQUIT);
    if (!waitUntilGone(pid, 5000)) {
        ::kill(static_cast<pid_t>(pid), SIGKILL);
        waitUntilGone(pid, 5000);
    }
}

TempRoot::TempRoot(const QString &label, const QString &dataDir, const ServerProcess &server)
{
    QString safeLabel = label;
    safeLabel.replace(QRegularExpression(u"[^A-Za-z0-9_-]"_s), u"_"_s);
    QByteArray pattern = QFile::encodeName(
        QDir::tempPath() + u'/' + QString::fromLatin1(server.dirPrefix) + safeLabel + u"-XXXXXX"_s);
    if (!::mkdtemp(pattern.data()))
        fail(u"cannot create a temporary directory in %1: %2"_s.arg(QDir::tempPath(),
                                                                    errnoText(errno)));
    m_path = QFile::decodeName(pattern);
    try {
        chownToServerUser(m_path, server);
    } catch (...) {
        QDir(m_path).removeRecursively();
        throw;
    }

    const QByteArray data = dataDir.isEmpty() ? QByteArray() : pattern + '/' + dataDir.toUtf8();
    const QByteArray keep = keepDirectories() ? "keep" : "";
    const QByteArray signal = QByteArray::number(server.stopSignal);
    const char *argv[] = {"/bin/sh",          "-c",
                          kWatchdogScript,    "syncline-server-watchdog",
                          data.data(),        pattern.data(),
                          keep.data(),        server.pidFile,
                          server.processName, signal.constData(),
                          server.dirPrefix,   nullptr};
    int fds[2]; // a socket pair rather than a pipe: send(MSG_NOSIGNAL) cannot raise SIGPIPE
    const bool paired = ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0;
    const pid_t pid = paired ? ::fork() : -1;
    if (pid == 0) {
        // Only async-signal-safe calls between fork and exec.
        ::setsid(); // no terminal signals, no process-group kills meant for the test
        ::dup2(fds[0], STDIN_FILENO);
        const int devNull = ::open("/dev/null", O_WRONLY);
        ::dup2(devNull, STDOUT_FILENO); // never hold ctest's output pipe open
        ::dup2(devNull, STDERR_FILENO);
        ::close_range(3, ~0U, 0);
        ::execv("/bin/sh", const_cast<char *const *>(argv));
        ::_exit(127);
    }
    const int error = errno;
    if (paired)
        ::close(fds[0]);
    if (pid < 0) {
        if (paired)
            ::close(fds[1]);
        QDir(m_path).removeRecursively();
        fail(u"cannot start the clean-up watchdog: %1"_s.arg(errnoText(error)));
    }
    m_watchdogFd = fds[1];
    m_watchdogPid = pid;
}

TempRoot::~TempRoot()
{
    // Tells the watchdog the server is stopped already, so it removes the directory at once.
    ::send(m_watchdogFd, "clean\n", 6, MSG_NOSIGNAL);
    ::close(m_watchdogFd);
    ::waitpid(static_cast<pid_t>(m_watchdogPid), nullptr, 0);
    if (keepDirectories())
        qInfo("PgCluster: kept %s", qPrintable(m_path));
    else if (QFileInfo::exists(m_path))
        QDir(m_path).removeRecursively(); // the watchdog could not
}

} // namespace syncline::test::detail
