#include "source/mysql/binlog_order.h"

#include "util/errors.h"

namespace syncline::mysql {
namespace {

constexpr int kEpochShift = 52;
constexpr std::uint64_t kMaxEpoch = (std::uint64_t(1) << (64 - kEpochShift)) - 1;
constexpr std::uint64_t kMaxSequence = (std::uint64_t(1) << (kEpochShift - 32)) - 1;

} // namespace

Lsn epochStart(std::uint32_t epoch)
{
    if (epoch > kMaxEpoch)
        throw PermanentError("the capture point moved to another server " + std::to_string(epoch) +
                             " times: positions have room for 4095 moves; the copy needs a new "
                             "snapshot (stop the pipeline and remove its state_dir)");
    return Lsn(std::uint64_t(epoch) << kEpochShift);
}

Lsn orderOf(const BinlogPosition &position, std::uint32_t epoch)
{
    const std::string &file = position.file;
    const auto dot = file.rfind('.');
    const std::string digits = dot == std::string::npos ? std::string() : file.substr(dot + 1);
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
        throw PermanentError("binary log file '" + file +
                             "' has no sequence number after its last dot");
    const std::uint64_t sequence = std::stoull(digits);
    if (sequence > kMaxSequence)
        throw PermanentError("binary log file '" + file + "': sequence numbers above " +
                             std::to_string(kMaxSequence) + " are not supported");
    if (position.offset > 0xFFFFFFFFu)
        throw PermanentError("binary log offset " + position.toString() + " exceeds 32 bits");
    return Lsn(epochStart(epoch).value() | (sequence << 32) | position.offset);
}

} // namespace syncline::mysql
