#include "source/mysql/row_images.h"

#include "util/errors.h"

#include <mysql.h>

#include <mariadb_rpl.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace syncline::mysql {
namespace {

constexpr int kBinaryCollation = 63;

std::uint64_t littleEndian(const unsigned char *bytes, std::size_t count)
{
    std::uint64_t value = 0;
    for (std::size_t i = count; i-- > 0;)
        value = (value << 8) | bytes[i];
    return value;
}

std::uint64_t bigEndian(const unsigned char *bytes, std::size_t count)
{
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < count; ++i)
        value = (value << 8) | bytes[i];
    return value;
}

bool isLatin1(int collation)
{
    switch (collation) {
    case 5:
    case 8:
    case 15:
    case 31:
    case 47:
    case 48:
    case 49:
    case 94:
    case 1032: // latin1_swedish_nopad_ci
    case 1071: // latin1_nopad_bin
        return true;
    default:
        return false;
    }
}

std::string hexBytea(const unsigned char *data, std::size_t size)
{
    static const char digits[] = "0123456789abcdef";
    std::string text = "\\x";
    text.reserve(2 + 2 * size);
    for (std::size_t i = 0; i < size; ++i) {
        text += digits[data[i] >> 4];
        text += digits[data[i] & 15];
    }
    return text;
}

// Character data as UTF-8 text; binary data (collation 63) as bytea's hex form.
Value stringValue(const BinlogColumn &column, const unsigned char *data, std::size_t size)
{
    if (column.collation == kBinaryCollation)
        return Value::fromText(hexBytea(data, size));
    if (!isLatin1(column.collation))
        return Value::fromText(std::string(reinterpret_cast<const char *>(data), size));
    // MariaDB's latin1 is Windows-1252: 0x80-0x9f are € ‚ ƒ „ … and so on, not controls.
    static const char16_t windows1252[32] = {
        0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
        0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178};
    std::string text;
    text.reserve(size);
    for (std::size_t i = 0; i < size; ++i) {
        const unsigned char byte = data[i];
        const char16_t code = byte >= 0x80 && byte < 0xa0 ? windows1252[byte - 0x80] : byte;
        if (code < 0x80) {
            text += char(code);
        } else if (code < 0x800) {
            text += char(0xc0 | (code >> 6));
            text += char(0x80 | (code & 0x3f));
        } else {
            text += char(0xe0 | (code >> 12));
            text += char(0x80 | ((code >> 6) & 0x3f));
            text += char(0x80 | (code & 0x3f));
        }
    }
    return Value::fromText(std::move(text));
}

template <typename Number> Value numberValue(Number number)
{
    std::array<char, 64> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
    return Value::fromText(std::string(buffer.data(), result.ptr));
}

// ".ffffff" when there are microseconds.
std::string fraction(std::uint32_t micros)
{
    if (micros == 0)
        return {};
    char text[16];
    std::snprintf(text, sizeof text, ".%06u", micros);
    return text;
}

std::size_t fractionBytes(unsigned digits)
{
    return (digits + 1) / 2;
}

// DECIMAL's binary form: groups of nine digits in four bytes, the sign in the top bit.
Value decimalValue(const BinlogColumn &column, const unsigned char *data, std::size_t size,
                   std::size_t &used)
{
    static const int bytesOfDigits[10] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
    const int precision = int(column.meta);
    const int scale = int(column.meta2);
    const int integral = precision - scale;
    const int wholeGroups = integral / 9;
    const int leadingDigits = integral % 9;
    const int fractionGroups = scale / 9;
    const int trailingDigits = scale % 9;
    used = std::size_t(wholeGroups * 4 + bytesOfDigits[leadingDigits] + fractionGroups * 4 +
                       bytesOfDigits[trailingDigits]);
    if (used > size || used > 40)
        throw PermanentError("DECIMAL value runs past its row");
    std::array<unsigned char, 40> bytes{};
    std::memcpy(bytes.data(), data, used);
    const bool negative = (bytes[0] & 0x80) == 0;
    bytes[0] ^= 0x80;
    if (negative)
        for (std::size_t i = 0; i < used; ++i)
            bytes[i] ^= 0xff;
    std::size_t at = 0;
    const auto group = [&](int digits) {
        const std::size_t width = std::size_t(bytesOfDigits[digits]);
        char text[16];
        std::snprintf(text, sizeof text, "%0*u", digits, unsigned(bigEndian(&bytes[at], width)));
        at += width;
        return std::string(text);
    };
    std::string whole;
    if (leadingDigits > 0)
        whole += group(leadingDigits);
    for (int i = 0; i < wholeGroups; ++i)
        whole += group(9);
    const std::size_t firstDigit = whole.find_first_not_of('0');
    whole = firstDigit == std::string::npos ? "0" : whole.substr(firstDigit);
    std::string text = (negative ? "-" : "") + whole;
    if (scale > 0) {
        text += '.';
        for (int i = 0; i < fractionGroups; ++i)
            text += group(9);
        if (trailingDigits > 0)
            text += group(trailingDigits);
    }
    return Value::fromText(std::move(text));
}

Value dateValue(std::uint32_t packed)
{
    const unsigned day = packed & 31;
    const unsigned month = (packed >> 5) & 15;
    const unsigned year = packed >> 9;
    if (day == 0 || month == 0 || year == 0)
        return Value::null();
    char text[16];
    std::snprintf(text, sizeof text, "%04u-%02u-%02u", year, month, day);
    return Value::fromText(text);
}

// The fractional seconds after DATETIME2's and TIMESTAMP2's whole seconds: `digits` of them in
// (digits + 1) / 2 big-endian bytes.
std::uint32_t microseconds(const unsigned char *data, unsigned digits)
{
    const std::size_t bytes = fractionBytes(digits);
    if (bytes == 0)
        return 0;
    return std::uint32_t(bigEndian(data, bytes)) * (bytes == 1 ? 10000u : bytes == 2 ? 100u : 1u);
}

Value datetimeValue(const BinlogColumn &column, const unsigned char *data)
{
    const std::int64_t whole = std::int64_t(bigEndian(data, 5)) - 0x8000000000LL;
    const std::uint32_t micros = microseconds(data + 5, column.meta);
    const std::uint64_t date = std::uint64_t(whole) >> 17;
    const std::uint64_t yearMonth = date >> 5;
    const unsigned day = unsigned(date % 32);
    const unsigned month = unsigned(yearMonth % 13);
    const unsigned year = unsigned(yearMonth / 13);
    const std::uint64_t time = std::uint64_t(whole) % (1 << 17);
    if (day == 0 || month == 0 || year == 0)
        return Value::null();
    char text[32];
    std::snprintf(text, sizeof text, "%04u-%02u-%02u %02u:%02u:%02u", year, month, day,
                  unsigned(time >> 12), unsigned((time >> 6) % 64), unsigned(time % 64));
    return Value::fromText(text + fraction(micros));
}

Value timestampValue(const BinlogColumn &column, const unsigned char *data)
{
    const std::time_t seconds = std::time_t(bigEndian(data, 4));
    const std::uint32_t micros = microseconds(data + 4, column.meta);
    if (seconds == 0 && micros == 0)
        return Value::null(); // 0000-00-00 00:00:00
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[40];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &utc);
    return Value::fromText(text + fraction(micros) + "+00");
}

// TIME ranges over ±838:59:59.999999: a PostgreSQL interval.
Value timeValue(const BinlogColumn &column, const unsigned char *data)
{
    const std::size_t fractionSize = fractionBytes(column.meta);
    std::int64_t whole = std::int64_t(bigEndian(data, 3)) - 0x800000LL;
    std::int64_t packed = 0;
    if (fractionSize == 0) {
        packed = whole * (1LL << 24);
    } else if (fractionSize == 3) {
        packed = std::int64_t(bigEndian(data, 6)) - 0x800000000000LL;
    } else {
        // One or two bytes of hundredths or ten-thousandths, borrowed from for negatives.
        std::int64_t part = std::int64_t(bigEndian(data + 3, fractionSize));
        if (whole < 0 && part != 0) {
            ++whole;
            part -= fractionSize == 1 ? 0x100 : 0x10000;
        }
        packed = whole * (1LL << 24) + part * (fractionSize == 1 ? 10000 : 100);
    }
    const bool negative = packed < 0;
    if (negative)
        packed = -packed;
    const std::uint64_t time = std::uint64_t(packed) >> 24;
    const std::uint32_t micros = std::uint32_t(std::uint64_t(packed) % (1 << 24));
    char text[32];
    std::snprintf(text, sizeof text, "%s%02u:%02u:%02u", negative ? "-" : "",
                  unsigned((time >> 12) % 1024), unsigned((time >> 6) % 64), unsigned(time % 64));
    return Value::fromText(text + fraction(micros));
}

Value bitValue(const BinlogColumn &column, const unsigned char *data, std::size_t bytes)
{
    const std::uint64_t bits = bigEndian(data, bytes);
    std::string text;
    for (unsigned i = column.meta; i-- > 0;)
        text += (bits >> i) & 1 ? '1' : '0';
    return Value::fromText(std::move(text));
}

Value enumValue(const BinlogColumn &column, std::uint64_t index)
{
    if (index == 0)
        return Value::fromText(""); // MariaDB's "" for an invalid value
    if (index > column.values.size())
        throw PermanentError("ENUM index " + std::to_string(index) + " of column " + column.name +
                             " has no member");
    return Value::fromText(column.values[index - 1]);
}

Value setValue(const BinlogColumn &column, std::uint64_t members)
{
    std::string text;
    for (std::size_t i = 0; i < column.values.size() && i < 64; ++i)
        if (members & (std::uint64_t(1) << i))
            text += (text.empty() ? "" : ",") + column.values[i];
    return Value::fromText(std::move(text));
}

} // namespace

Value decodeString(const BinlogColumn &column, const unsigned char *data, std::size_t size)
{
    if (column.realType == MYSQL_TYPE_STRING && column.collation == kBinaryCollation &&
        size < column.meta) {
        // BINARY(n) is logged without its trailing zero bytes; the column holds all n.
        std::string padded(reinterpret_cast<const char *>(data), size);
        padded.resize(column.meta, '\0');
        return stringValue(column, reinterpret_cast<const unsigned char *>(padded.data()),
                           padded.size());
    }
    return stringValue(column, data, size);
}

Value decodeValue(const BinlogColumn &column, const unsigned char *data, std::size_t size,
                  std::size_t &used)
{
    const auto need = [&](std::size_t bytes) {
        if (bytes > size)
            throw PermanentError("the value of column " + column.name + " runs past its row");
        used = bytes;
    };
    const bool isUnsigned = column.isUnsigned.value_or(false);
    switch (column.type) {
    case MYSQL_TYPE_TINY:
        need(1);
        return isUnsigned ? numberValue(unsigned(data[0])) : numberValue(int(std::int8_t(data[0])));
    case MYSQL_TYPE_SHORT:
        need(2);
        return isUnsigned ? numberValue(unsigned(littleEndian(data, 2)))
                          : numberValue(int(std::int16_t(littleEndian(data, 2))));
    case MYSQL_TYPE_INT24: {
        need(3);
        const auto bits = std::uint32_t(littleEndian(data, 3));
        return isUnsigned ? numberValue(bits) : numberValue(std::int32_t(bits << 8) >> 8);
    }
    case MYSQL_TYPE_LONG:
        need(4);
        return isUnsigned ? numberValue(std::uint32_t(littleEndian(data, 4)))
                          : numberValue(std::int32_t(littleEndian(data, 4)));
    case MYSQL_TYPE_LONGLONG:
        need(8);
        return isUnsigned ? numberValue(littleEndian(data, 8))
                          : numberValue(std::int64_t(littleEndian(data, 8)));
    case MYSQL_TYPE_FLOAT: {
        need(4);
        float number = 0;
        std::memcpy(&number, data, 4);
        return numberValue(number);
    }
    case MYSQL_TYPE_DOUBLE: {
        need(8);
        double number = 0;
        std::memcpy(&number, data, 8);
        return numberValue(number);
    }
    case MYSQL_TYPE_NEWDECIMAL:
        return decimalValue(column, data, size, used);
    case MYSQL_TYPE_YEAR:
        need(1);
        return numberValue(data[0] == 0 ? 0u : 1900u + data[0]);
    case MYSQL_TYPE_DATE:
        need(3);
        return dateValue(std::uint32_t(littleEndian(data, 3)));
    case MYSQL_TYPE_DATETIME2:
        need(5 + fractionBytes(column.meta));
        return datetimeValue(column, data);
    case MYSQL_TYPE_TIMESTAMP2:
        need(4 + fractionBytes(column.meta));
        return timestampValue(column, data);
    case MYSQL_TYPE_TIME2:
        need(3 + fractionBytes(column.meta));
        return timeValue(column, data);
    case MYSQL_TYPE_BIT:
        need((column.meta + 7) / 8);
        return bitValue(column, data, used);
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_STRING:
        if (column.realType == MYSQL_TYPE_ENUM) {
            need(column.meta);
            return enumValue(column, littleEndian(data, column.meta));
        }
        if (column.realType == MYSQL_TYPE_SET) {
            need(column.meta);
            return setValue(column, littleEndian(data, column.meta));
        }
        [[fallthrough]];
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_GEOMETRY: {
        const bool isBlob = column.type == MYSQL_TYPE_BLOB || column.type == MYSQL_TYPE_GEOMETRY;
        const std::size_t prefix = isBlob ? column.meta : column.meta < 256 ? 1 : 2;
        need(prefix);
        const std::uint64_t length = littleEndian(data, prefix);
        if (length > size - prefix)
            throw PermanentError("the value of column " + column.name + " runs past its row");
        used = prefix + std::size_t(length);
        return decodeString(column, data + prefix, std::size_t(length));
    }
    case MYSQL_TYPE_JSON: // MySQL 8's binary JSON; MariaDB logs its JSON as a BLOB
        throw PermanentError("column " + column.name +
                             " is MySQL 8 binary JSON, which the MySQL source cannot read yet");
    default:
        throw PermanentError("column " + column.name + " has type " + std::to_string(column.type) +
                             ", which the MySQL source cannot read");
    }
}

std::vector<Row> decodeRowImages(const BinlogTable &table, const MARIADB_RPL_EVENT &rowsEvent)
{
    switch (rowsEvent.event_type) {
    case WRITE_ROWS_EVENT_V1:
    case UPDATE_ROWS_EVENT_V1:
    case DELETE_ROWS_EVENT_V1:
    case WRITE_ROWS_COMPRESSED_EVENT_V1:
    case UPDATE_ROWS_COMPRESSED_EVENT_V1:
    case DELETE_ROWS_COMPRESSED_EVENT_V1:
        break;
    default:
        // Version 2 (MySQL 5.6+) carries extra data and, for updates, a second bitmap that
        // Connector/C 3.3 reads only for version 1.
        throw PermanentError("rows event of type " + std::to_string(int(rowsEvent.event_type)) +
                             " for " + table.qualifiedName() +
                             ": only MariaDB's version 1 row events are read yet");
    }
    const auto &rows = rowsEvent.event.rows;
    const std::size_t count = table.columns.size();
    if (rows.column_count != count)
        throw PermanentError("a rows event of " + table.qualifiedName() + " has " +
                             std::to_string(rows.column_count) + " columns, its table map " +
                             std::to_string(count));
    const auto *at = static_cast<const unsigned char *>(rows.row_data);
    const unsigned char *end = at + rows.row_data_size;
    std::vector<Row> images;
    const bool update = rows.type == UPDATE_ROWS;
    while (at < end) {
        const bool after = update && images.size() % 2 == 1;
        const unsigned char *present =
            after && rows.column_update_bitmap ? rows.column_update_bitmap : rows.column_bitmap;
        const auto isPresent = [&](std::size_t i) { return (present[i / 8] >> (i % 8)) & 1; };
        std::size_t presentCount = 0;
        for (std::size_t i = 0; i < count; ++i)
            presentCount += isPresent(i);
        const unsigned char *imageStart = at;
        const unsigned char *nulls = at;
        if ((presentCount + 7) / 8 > std::size_t(end - at))
            throw PermanentError("a row of " + table.qualifiedName() + " ends early");
        at += (presentCount + 7) / 8;
        if (at == imageStart)
            throw PermanentError("a rows event of " + table.qualifiedName() + " names no columns");
        Row row(count, Value::unchangedToast());
        std::size_t nullBit = 0;
        for (std::size_t i = 0; i < count; ++i) {
            if (!isPresent(i))
                continue;
            const bool isNull = (nulls[nullBit / 8] >> (nullBit % 8)) & 1;
            ++nullBit;
            if (isNull) {
                row[i] = Value::null();
                continue;
            }
            std::size_t used = 0;
            row[i] = decodeValue(table.columns[i], at, std::size_t(end - at), used);
            at += used;
        }
        images.push_back(std::move(row));
    }
    return images;
}

} // namespace syncline::mysql
