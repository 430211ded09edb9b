#include "source/mysql/mysql_table_copy.h"

#include "snapshot/copy_text.h"
#include "source/mysql/mysql_client.h"
#include "source/mysql/row_images.h"
#include "util/errors.h"

#include <mysql.h>

#include <array>
#include <charconv>
#include <cstdio>

namespace syncline::mysql {
namespace {

[[noreturn]] void refuse(const BinlogColumn &column, const std::string &text)
{
    throw PermanentError("column " + column.name + ": cannot read \"" + text.substr(0, 40) +
                         "\" as its type");
}

template <typename Number> std::string shortest(Number number)
{
    std::array<char, 64> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
    return std::string(buffer.data(), result.ptr);
}

template <typename Number> Number parsed(const BinlogColumn &column, const std::string &text)
{
    Number number{};
    const char *end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, number);
    if (result.ec != std::errc() || result.ptr != end)
        refuse(column, text);
    return number;
}

// Integers, ZEROFILL's leading zeros dropped.
Value integerValue(const BinlogColumn &column, const std::string &text)
{
    if (column.isUnsigned.value_or(false))
        return Value::fromText(shortest(parsed<std::uint64_t>(column, text)));
    return Value::fromText(shortest(parsed<std::int64_t>(column, text)));
}

// DECIMAL's text already has all of its scale's digits; only ZEROFILL's zeros go.
Value decimalValue(const std::string &text)
{
    const bool negative = !text.empty() && text[0] == '-';
    std::string digits = text.substr(negative ? 1 : 0);
    const auto first = digits.find_first_not_of('0');
    if (first == std::string::npos)
        digits = "0";
    else if (digits[first] == '.')
        digits = '0' + digits.substr(first);
    else
        digits = digits.substr(first);
    return Value::fromText((negative ? "-" : "") + digits);
}

// The digits after a '.' at `at` (or none) as microseconds.
std::uint32_t micros(const std::string &text, std::size_t at)
{
    if (at >= text.size() || text[at] != '.')
        return 0;
    std::uint32_t value = 0;
    int digits = 0;
    for (std::size_t i = at + 1; i < text.size() && digits < 6; ++i, ++digits) {
        if (text[i] < '0' || text[i] > '9')
            break;
        value = value * 10 + std::uint32_t(text[i] - '0');
    }
    for (; digits < 6; ++digits)
        value *= 10;
    return value;
}

// ".ffffff" when there are microseconds, as decodeValue() writes them.
std::string fraction(std::uint32_t value)
{
    if (value == 0)
        return {};
    char text[16];
    std::snprintf(text, sizeof text, ".%06u", value);
    return text;
}

// DATE, DATETIME and TIMESTAMP: "YYYY-MM-DD[ hh:mm:ss[.f...]]"; NULL for a zero date part.
Value dateTimeValue(const BinlogColumn &column, const std::string &text)
{
    unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    int end = 0;
    const bool hasTime = column.type != MYSQL_TYPE_DATE;
    const int fields = hasTime ? std::sscanf(text.c_str(), "%u-%u-%u %u:%u:%u%n", &year, &month,
                                             &day, &hour, &minute, &second, &end)
                               : std::sscanf(text.c_str(), "%u-%u-%u%n", &year, &month, &day, &end);
    if (fields != (hasTime ? 6 : 3))
        refuse(column, text);
    if (year == 0 || month == 0 || day == 0)
        return Value::null();
    char out[80];
    if (!hasTime) {
        std::snprintf(out, sizeof out, "%04u-%02u-%02u", year, month, day);
        return Value::fromText(out);
    }
    std::snprintf(out, sizeof out, "%04u-%02u-%02u %02u:%02u:%02u", year, month, day, hour, minute,
                  second);
    const std::string zone = column.type == MYSQL_TYPE_TIMESTAMP2 ? "+00" : "";
    return Value::fromText(out + fraction(micros(text, std::size_t(end))) + zone);
}

// TIME: "[-]h...:mm:ss[.f...]" as an interval.
Value timeValue(const BinlogColumn &column, const std::string &text)
{
    const bool negative = !text.empty() && text[0] == '-';
    unsigned hours = 0, minutes = 0, seconds = 0;
    int end = 0;
    if (std::sscanf(text.c_str() + (negative ? 1 : 0), "%u:%u:%u%n", &hours, &minutes, &seconds,
                    &end) != 3)
        refuse(column, text);
    const std::uint32_t part = micros(text, std::size_t(end + (negative ? 1 : 0)));
    const bool zero = hours == 0 && minutes == 0 && seconds == 0 && part == 0;
    char out[80];
    std::snprintf(out, sizeof out, "%s%02u:%02u:%02u", negative && !zero ? "-" : "", hours, minutes,
                  seconds);
    return Value::fromText(out + fraction(part));
}

const unsigned char *bytesOf(const std::string &text)
{
    return reinterpret_cast<const unsigned char *>(text.data());
}

} // namespace

std::string selectExpression(const BinlogColumn &column)
{
    const std::string name = Client::identifier(column.name);
    if (column.type == MYSQL_TYPE_FLOAT)
        return "CAST(" + name + " AS DOUBLE)";
    if (column.isCharacterColumn() || column.realType == MYSQL_TYPE_ENUM ||
        column.realType == MYSQL_TYPE_SET)
        return "CAST(" + name + " AS BINARY)";
    return name;
}

Value postgresValueOf(const BinlogColumn &column, const std::optional<std::string> &text)
{
    if (!text)
        return Value::null();
    const std::string &value = *text;
    switch (column.type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_LONGLONG:
        return integerValue(column, value);
    case MYSQL_TYPE_NEWDECIMAL:
        return decimalValue(value);
    case MYSQL_TYPE_FLOAT: // read as DOUBLE (selectExpression), the float it widens
        return Value::fromText(shortest(float(parsed<double>(column, value))));
    case MYSQL_TYPE_DOUBLE:
        return Value::fromText(shortest(parsed<double>(column, value)));
    case MYSQL_TYPE_YEAR:
        return Value::fromText(std::to_string(parsed<unsigned>(column, value)));
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_DATETIME2:
    case MYSQL_TYPE_TIMESTAMP2:
        return dateTimeValue(column, value);
    case MYSQL_TYPE_TIME2:
        return timeValue(column, value);
    case MYSQL_TYPE_BIT: {
        // The text protocol sends BIT(n) as its (n + 7) / 8 big-endian bytes, as the log does.
        const std::size_t bytes = (column.meta + 7) / 8;
        if (value.size() > bytes)
            refuse(column, value);
        const std::string padded = std::string(bytes - value.size(), '\0') + value;
        std::size_t used = 0;
        return decodeValue(column, bytesOf(padded), padded.size(), used);
    }
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_VAR_STRING:
        if (column.realType == MYSQL_TYPE_ENUM || column.realType == MYSQL_TYPE_SET)
            return Value::fromText(value); // by member name, as the log's values name them
        [[fallthrough]];
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_GEOMETRY:
        return decodeString(column, bytesOf(value), value.size());
    case MYSQL_TYPE_JSON: // MySQL 8: SELECT gives the JSON text
        return Value::fromText(value);
    default:
        throw PermanentError("column " + column.name + " has type " + std::to_string(column.type) +
                             ", which the MySQL source cannot read");
    }
}

MysqlTableCopy::MysqlTableCopy(Client &client, std::vector<BinlogTable> tables)
    : m_client(client), m_tables(std::move(tables))
{
    m_client.exec("SET SESSION time_zone = '+00:00'");
}

const BinlogTable &MysqlTableCopy::tableOf(const TableDefinition &table) const
{
    for (const auto &candidate : m_tables)
        if (candidate.database == table.schema && candidate.table == table.name)
            return candidate;
    throw PermanentError("the MySQL snapshot has no description of " + table.qualifiedName());
}

long long MysqlTableCopy::copyTable(const TableDefinition &table, const RowsConsumer &consume,
                                    Format format)
{
    if (format != Format::Text)
        throw PermanentError("a MySQL source copies " + table.qualifiedName() +
                             " as COPY text only, not in PostgreSQL's binary format");
    const BinlogTable &source = tableOf(table);
    std::vector<const BinlogColumn *> columns;
    std::string select;
    for (const auto &definition : table.columns) {
        const BinlogColumn *found = nullptr;
        for (const auto &column : source.columns)
            if (column.name == definition.name)
                found = &column;
        if (!found)
            throw PermanentError("table " + table.qualifiedName() + " has no column " +
                                 definition.name + " on the MySQL server");
        columns.push_back(found);
        select += (select.empty() ? "SELECT " : ", ") + selectExpression(*found);
    }
    if (columns.empty())
        throw PermanentError("table " + table.qualifiedName() + " has no columns to copy");
    select +=
        " FROM " + Client::identifier(source.database) + '.' + Client::identifier(source.table);

    std::string chunk;
    chunk.reserve(kChunkBytes + 64 * 1024);
    long long rows = 0;
    long long chunkRows = 0;
    m_client.forEachRow(select, [&](const Client::ResultRow &row) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (i > 0)
                chunk += '\t';
            appendCopyTextField(chunk, postgresValueOf(*columns[i], row[i]));
        }
        chunk += '\n';
        ++rows;
        ++chunkRows;
        if (chunk.size() >= kChunkBytes) {
            consume(chunk, chunkRows);
            chunk.clear();
            chunkRows = 0;
        }
    });
    if (chunkRows > 0)
        consume(chunk, chunkRows);
    return rows;
}

long long MysqlTableCopy::estimatedRows(const TableDefinition &table)
{
    const auto rows = m_client.queryValue(
        "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
        m_client.literal(table.schema) + " AND TABLE_NAME = " + m_client.literal(table.name));
    return rows ? std::stoll(*rows) : 0;
}

} // namespace syncline::mysql
