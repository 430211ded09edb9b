#include "dlq/error_class.h"

#include <string_view>
#include <utility>

namespace syncline::dlq {

std::string errorClassOf(const std::string &sqlstate)
{
    // The conditions a target raises against a single change (PostgreSQL's errcodes.txt).
    static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
        {"22001", "string_data_right_truncation"},
        {"22003", "numeric_value_out_of_range"},
        {"22007", "invalid_datetime_format"},
        {"22008", "datetime_field_overflow"},
        {"22012", "division_by_zero"},
        {"22021", "character_not_in_repertoire"},
        {"22P02", "invalid_text_representation"},
        {"23502", "not_null_violation"},
        {"23503", "foreign_key_violation"},
        {"23505", "unique_violation"},
        {"23514", "check_violation"},
        {"23P01", "exclusion_violation"},
        {"40001", "serialization_failure"},
        {"40P01", "deadlock_detected"},
        {"42501", "insufficient_privilege"},
        {"42703", "undefined_column"},
        {"42804", "datatype_mismatch"},
        {"42P01", "undefined_table"},
        {"55P03", "lock_not_available"},
        {"57014", "query_canceled"},
        {"P0001", "raise_exception"},
    };
    for (const auto &[code, name] : kNames)
        if (code == sqlstate)
            return std::string(name);
    return sqlstate.empty() ? "unknown" : "sqlstate_" + sqlstate;
}

} // namespace syncline::dlq
