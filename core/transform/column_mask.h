#pragma once

#include "config/pipeline_config.h"
#include "model/table_schema.h"
#include "model/value.h"
#include "util/hmac.h"

#include <memory>
#include <string>
#include <string_view>

namespace syncline::transform {

class Tokenizer;

// What one "mask" step does to the values of one column. Built once per column shape; throws
// PermanentError when the column cannot hold what the mask writes (a hash in a date column,
// NULL in a NOT NULL column), naming the column and what to use instead.
class ColumnMask
{
public:
    ColumnMask(const TransformConfig &step, const Column &column, const std::string &table);

    // The masked value; NULL and unchanged TOAST values stay as they are. `rowKey`: the row's
    // primary key values as the source sent them (date_shift shifts by it).
    Value apply(const Value &value, std::string_view rowKey = {}) const;

private:
    enum class Kind
    {
        Null,
        Redact,
        Truncate,
        Partial,
        Hash,
        Tokenize,
        DateShift,
    };
    static Kind kindOf(const std::string &with);

    enum class Output
    {
        Text,    // any text, cut to the column's length when it has one
        Integer, // a hash as a number of at most `m_integerBits` bits
        Numeric, // a hash as a number of 18 digits
    };

    std::string hash(std::string_view text) const;
    std::string shiftDate(const std::string &text, std::string_view rowKey) const;
    std::string fitted(std::string text) const;

    const TransformConfig *m_step;
    Kind m_kind;
    std::shared_ptr<const Tokenizer> m_tokenizer; // tokenize
    Output m_output = Output::Text;
    int m_integerBits = 63;
    int m_maxChars = -1; // varchar(n), char(n): n; -1: no limit
};

// Characters (UTF-8 code points), not bytes: what partial and truncate count.
std::size_t characterCount(std::string_view text);
std::string firstCharacters(std::string_view text, std::size_t count);

} // namespace syncline::transform
