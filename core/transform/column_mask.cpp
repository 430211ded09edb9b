#include "transform/column_mask.h"

#include "model/type_oids.h"
#include "transform/tokenizer.h"
#include "util/errors.h"

#include <openssl/evp.h>

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace syncline::transform {
namespace {

bool isCharacterType(std::uint32_t oid)
{
    constexpr std::uint32_t kBpchar = 1042, kVarchar = 1043, kName = 19;
    return oid == type_oids::kText || oid == kBpchar || oid == kVarchar || oid == kName;
}

// varchar(n) and char(n) keep their length in the type modifier, plus 4 (VARHDRSZ).
int maxCharacters(const Column &column)
{
    constexpr std::uint32_t kBpchar = 1042, kVarchar = 1043;
    if ((column.typeOid == kVarchar || column.typeOid == kBpchar) && column.typeModifier > 4)
        return column.typeModifier - 4;
    return -1;
}

std::string base64(std::string_view bytes)
{
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    const int written =
        EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()),
                        reinterpret_cast<const unsigned char *>(bytes.data()), int(bytes.size()));
    out.resize(std::size_t(written));
    return out;
}

bool isContinuationByte(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

} // namespace

std::size_t characterCount(std::string_view text)
{
    std::size_t count = 0;
    for (unsigned char c : text)
        count += isContinuationByte(c) ? 0 : 1;
    return count;
}

std::string firstCharacters(std::string_view text, std::size_t count)
{
    std::size_t end = 0, seen = 0;
    while (end < text.size()) {
        if (!isContinuationByte((unsigned char)text[end]) && seen++ == count)
            break;
        ++end;
    }
    return std::string(text.substr(0, end));
}

ColumnMask::ColumnMask(const TransformConfig &step, const Column &column, const std::string &table)
    : m_step(&step), m_kind(kindOf(step.with)), m_maxChars(maxCharacters(column))
{
    const std::string name = table + "." + column.name;
    const std::string type =
        column.sqlType.empty() ? "oid " + std::to_string(column.typeOid) : column.sqlType;
    if (column.isKey && !step.keySafe())
        throw PermanentError("the key column " + name + " is masked with " + step.with +
                             ", which would make rows indistinguishable or unfindable by "
                             "updates and deletes: only hash and tokenize may mask a key");
    if (step.with == "null") {
        if (column.notNull)
            throw PermanentError("the column " + name +
                                 " is NOT NULL, so it cannot be masked "
                                 "with null: use redact, hash or tokenize");
        return;
    }
    if (step.with == "tokenize")
        m_tokenizer = std::make_shared<const Tokenizer>(step.key);
    const bool dateType = column.typeOid == type_oids::kDate ||
                          column.typeOid == type_oids::kTimestamp ||
                          column.typeOid == type_oids::kTimestamptz;
    if (step.with == "date_shift") {
        if (!dateType)
            throw PermanentError("the column " + name + " (" + type +
                                 ") is not a date or timestamp, so date_shift cannot move it");
        return;
    }
    if (isCharacterType(column.typeOid))
        return;
    if (step.with == "hash" && column.typeOid == type_oids::kInt8) {
        m_output = Output::Integer;
        m_integerBits = 63;
    } else if (step.with == "hash" && column.typeOid == type_oids::kInt4) {
        m_output = Output::Integer;
        m_integerBits = 31;
    } else if (step.with == "hash" && column.typeOid == type_oids::kInt2) {
        m_output = Output::Integer;
        m_integerBits = 15;
    } else if (step.with == "hash" && column.typeOid == type_oids::kNumeric &&
               column.typeModifier < 0) {
        m_output = Output::Numeric;
    } else {
        throw PermanentError("the column " + name + " (" + type + ") cannot hold what mask " +
                             "with " + step.with +
                             " writes: mask character columns, integer columns with hash, or "
                             "any nullable column with null");
    }
}

std::string ColumnMask::hash(std::string_view text) const
{
    const std::string digest = hmacSha256(m_step->key, text);
    if (m_output != Output::Text) {
        std::uint64_t number = 0;
        for (int i = 0; i < 8; ++i)
            number = (number << 8) | (unsigned char)digest[std::size_t(i)];
        if (m_output == Output::Numeric)
            return std::to_string(number % 1000000000000000000ULL);
        return std::to_string(number >> (64 - m_integerBits));
    }
    if (m_step->format == "base64")
        return base64(digest);
    if (m_step->format == "prefixed")
        return m_step->keyId + ":" + hexDigits(digest);
    return hexDigits(digest);
}

std::string ColumnMask::fitted(std::string text) const
{
    if (m_maxChars >= 0 && characterCount(text) > std::size_t(m_maxChars))
        return firstCharacters(text, std::size_t(m_maxChars));
    return text;
}

// The date at the start of PostgreSQL's ISO output ("2026-03-04", "2026-03-04 05:06:07+00")
// moved by a number of days in [-days, -1] or [1, days] that the key and the row's key decide.
// "infinity" and BC dates stay as they are.
std::string ColumnMask::shiftDate(const std::string &text, std::string_view rowKey) const
{
    int year = 0;
    unsigned month = 0, day = 0;
    if (text.size() < 10 || text.ends_with(" BC") ||
        std::sscanf(text.c_str(), "%4d-%2u-%2u", &year, &month, &day) != 3)
        return text;
    const std::string digest = hmacSha256(m_step->key, rowKey);
    std::uint32_t number = 0;
    for (int i = 0; i < 4; ++i)
        number = (number << 8) | (unsigned char)digest[std::size_t(i)];
    const int magnitude = int(number % std::uint32_t(m_step->days)) + 1;
    const int shift = (number >> 31) ? -magnitude : magnitude;
    const std::chrono::year_month_day date{
        std::chrono::sys_days{std::chrono::year{year} / std::chrono::month{month} /
                              std::chrono::day{day}} +
        std::chrono::days{shift}};
    char head[16];
    std::snprintf(head, sizeof head, "%04d-%02u-%02u", int(date.year()), unsigned(date.month()),
                  unsigned(date.day()));
    return head + text.substr(10);
}

Value ColumnMask::apply(const Value &value, std::string_view rowKey) const
{
    if (value.isNull() || value.isUnchangedToast())
        return value;
    switch (m_kind) {
    case Kind::Null:
        return Value::null();
    case Kind::Redact:
        return Value::fromText(fitted(m_step->text));
    case Kind::Truncate:
        return Value::fromText(firstCharacters(value.text, std::size_t(m_step->keep)));
    case Kind::Partial: {
        const std::size_t total = characterCount(value.text);
        const std::size_t keep = std::min(total, std::size_t(m_step->keep));
        std::string out;
        if (m_step->keepEnd) {
            out.assign(total - keep, '*');
            const std::string head = firstCharacters(value.text, total - keep);
            out += value.text.substr(head.size());
        } else {
            out = firstCharacters(value.text, keep);
            out.append(total - keep, '*');
        }
        return Value::fromText(out);
    }
    case Kind::Hash:
        return Value::fromText(fitted(hash(value.text)));
    case Kind::Tokenize:
        return Value::fromText(m_tokenizer->tokenize(value.text));
    case Kind::DateShift:
        return Value::fromText(shiftDate(value.text, rowKey));
    }
    return value;
}

ColumnMask::Kind ColumnMask::kindOf(const std::string &with)
{
    static const std::pair<const char *, Kind> kinds[] = {
        {"null", Kind::Null},           {"redact", Kind::Redact}, {"truncate", Kind::Truncate},
        {"partial", Kind::Partial},     {"hash", Kind::Hash},     {"tokenize", Kind::Tokenize},
        {"date_shift", Kind::DateShift}};
    for (const auto &[name, kind] : kinds)
        if (with == name)
            return kind;
    throw PermanentError("mask with " + with + " is not known to this build");
}

} // namespace syncline::transform
