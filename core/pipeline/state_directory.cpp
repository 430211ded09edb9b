#include "pipeline/state_directory.h"

#include "util/json.h"
#include "util/time_text.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

namespace syncline {
namespace {

std::string readFile(const std::filesystem::path &path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string verificationToJson(const VerificationStatus &verification)
{
    return std::string("{\"scheduled\": ") + (verification.scheduled ? "true" : "false") +
           ", \"running\": " + (verification.running ? "true" : "false") +
           ", \"next_run_at\": " + jsonQuoted(verification.nextRunAt) +
           ", \"last_error\": " + jsonQuoted(verification.lastError) +
           ", \"tables_different\": " + std::to_string(verification.tablesDifferent()) +
           ", \"tables\": " + tableVerificationsToJson(verification.tables) + "}";
}

} // namespace

std::string tableVerificationsToJson(const std::vector<TableVerification> &tables)
{
    std::string json;
    for (const auto &t : tables) {
        json += std::string(json.empty() ? "" : ", ") + "{\"sink\": " + jsonQuoted(t.sink) +
                ", \"table\": " + jsonQuoted(t.table) +
                ", \"verified_at\": " + jsonQuoted(t.verifiedAt) +
                ", \"trigger\": " + jsonQuoted(t.trigger) +
                ", \"rows\": " + std::to_string(t.rows) +
                ", \"missing\": " + std::to_string(t.missing) +
                ", \"extra\": " + std::to_string(t.extra) +
                ", \"different\": " + std::to_string(t.different) +
                ", \"unsettled\": " + std::to_string(t.unsettled) +
                ", \"error\": " + jsonQuoted(t.error) + "}";
    }
    return "[" + json + "]";
}

std::string statusToJson(const PipelineStatus &status)
{
    return std::string("{\"state\": \"") + stateName(status.state) +
           "\", \"detail\": " + jsonQuoted(status.detail) + ", \"confirmed_lsn\": \"" +
           status.confirmedLsn.toString() +
           "\", \"applied_changes\": " + std::to_string(status.appliedChanges) +
           ", \"retry_attempt\": " + std::to_string(status.retryAttempt) +
           ", \"snapshot_rows_copied\": " + std::to_string(status.snapshotRowsCopied) +
           ", \"snapshot_rows_estimated\": " + std::to_string(status.snapshotRowsEstimated) +
           ", \"verification\": " + verificationToJson(status.verification) +
           ", \"updated_at\": \"" + isoUtcNow() + "\"}";
}

StateDirectory::StateDirectory(std::filesystem::path path) : m_path(std::move(path)) {}

StateDirectory::~StateDirectory()
{
    if (m_lockFd >= 0) {
        std::error_code ignored;
        std::filesystem::remove(m_path / "status.json", ignored);
        std::filesystem::remove(m_path / "runner.pid", ignored);
        ::close(m_lockFd);
    }
}

std::optional<std::string> StateDirectory::lock()
{
    std::error_code error;
    std::filesystem::create_directories(m_path, error);
    if (error)
        return "cannot create state directory " + m_path.string() + ": " + error.message();
    const auto pidFile = m_path / "runner.pid";
    const int fd = ::open(pidFile.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return "cannot open " + pidFile.string() + ": " + std::strerror(errno);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return "this pipeline is already running (pid " + readFile(pidFile) + ", lock " +
               pidFile.string() + ")";
    }
    const std::string pid = std::to_string(::getpid());
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
        ::close(fd);
        return "cannot write " + pidFile.string() + ": " + std::strerror(errno);
    }
    m_lockFd = fd;
    return std::nullopt;
}

void StateDirectory::writeStatus(const PipelineStatus &status) const
{
    const auto temporary = m_path / "status.json.tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << statusToJson(status) << '\n';
        if (!out)
            return;
    }
    std::error_code ignored;
    std::filesystem::rename(temporary, m_path / "status.json", ignored);
}

void StateDirectory::writeConsumerLag(const std::map<std::string, long long> &lag) const
{
    const auto temporary = m_path / "consumer_lag.tsv.tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << std::time(nullptr) << '\n';
        for (const auto &[key, messages] : lag) // "sink topic[partition]"
            out << key << '\t' << messages << '\n';
        if (!out)
            return;
    }
    std::error_code ignored;
    std::filesystem::rename(temporary, m_path / "consumer_lag.tsv", ignored);
}

std::optional<StateDirectory::ConsumerLag> StateDirectory::consumerLag() const
{
    std::ifstream in(m_path / "consumer_lag.tsv");
    ConsumerLag lag;
    if (!(in >> lag.updatedAt))
        return std::nullopt;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        const auto space = line.find(' ');
        const auto bracket = line.rfind('[');
        const auto tab = line.rfind('\t');
        if (space == std::string::npos || bracket == std::string::npos ||
            tab == std::string::npos || !(space < bracket && bracket < tab))
            continue;
        PartitionLag partition;
        partition.sink = line.substr(0, space);
        partition.topic = line.substr(space + 1, bracket - space - 1);
        partition.partition = std::atoi(line.c_str() + bracket + 1);
        partition.messages = std::atoll(line.c_str() + tab + 1);
        lag.partitions.push_back(std::move(partition));
    }
    return lag;
}

std::optional<StateDirectory::RunnerInfo> StateDirectory::runningRunner() const
{
    const auto pidFile = m_path / "runner.pid";
    const int fd = ::open(pidFile.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0;
    ::close(fd);
    if (!held)
        return std::nullopt;
    RunnerInfo info;
    info.pid = std::atol(readFile(pidFile).c_str());
    info.statusJson = readFile(m_path / "status.json");
    while (!info.statusJson.empty() && info.statusJson.back() == '\n')
        info.statusJson.pop_back();
    return info;
}

} // namespace syncline
