#include "source/mysql/binlog_order.h"

#include "util/errors.h"

namespace syncline::mysql {

Lsn orderOf(const BinlogPosition &position)
{
    const std::string &file = position.file;
    const auto dot = file.rfind('.');
    const std::string digits = dot == std::string::npos ? std::string() : file.substr(dot + 1);
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
        throw PermanentError("binary log file '" + file +
                             "' has no sequence number after its last dot");
    if (position.offset > 0xFFFFFFFFu)
        throw PermanentError("binary log offset " + position.toString() + " exceeds 32 bits");
    return Lsn((std::stoull(digits) << 32) | position.offset);
}

} // namespace syncline::mysql
