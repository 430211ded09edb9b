#include "source/mysql/mysql_table_copy.h"

#include "model/table_definition.h"
#include "source/mysql/mysql_client.h"
#include "util/errors.h"

#include <mysql.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace syncline::mysql {
namespace {

constexpr int kBinaryCollation = 63;
constexpr std::size_t kChunkBytes = std::size_t(1) << 20;

std::string hexBytea(const std::string &bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string text = "\\x";
    text.reserve(2 + 2 * bytes.size());
    for (const unsigned char byte : bytes) {
        text += digits[byte >> 4];
        text += digits[byte & 15];
    }
    return text;
}

template <typename Number> std::string shortest(Number number)
{
    std::array<char, 64> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
    return std::string(buffer.data(), result.ptr);
}

// "12:34:56.5" -> "12:34:56.500000"; no fraction when it is zero, as decodeValue writes it.
std::string withMicroseconds(const std::string &text)
{
    const auto dot = text.find('.');
    if (dot == std::string::npos)
        return text;
    std::string digits = text.substr(dot + 1, 6);
    digits.resize(6, '0');
    if (digits == "000000")
        return text.substr(0, dot);
    return text.substr(0, dot + 1) + digits;
}

// 0000-00-00, or a date with a zero year, month or day: PostgreSQL has no such date.
bool isZeroDate(const std::string &text)
{
    return text.size() >= 10 && (text.compare(0, 4, "0000") == 0 || text.compare(5, 2, "00") == 0 ||
                                 text.compare(8, 2, "00") == 0);
}

std::string bits(const BinlogColumn &column, const std::string &bytes)
{
    std::uint64_t value = 0;
    for (const unsigned char byte : bytes)
        value = (value << 8) | byte;
    std::string text;
    for (unsigned i = column.meta; i-- > 0;)
        text += (value >> i) & 1 ? '1' : '0';
    return text;
}

void appendCopyText(std::string &out, const Value &value)
{
    if (value.isNull()) {
        out += "\\N";
        return;
    }
    for (const char c : value.text) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += c;
        }
    }
}

} // namespace

Value postgresValueOf(const BinlogColumn &column, const std::optional<std::string> &text)
{
    if (!text)
        return Value::null();
    const std::string &value = *text;
    switch (column.type) {
    case MYSQL_TYPE_FLOAT:
        return Value::fromText(shortest(std::strtof(value.c_str(), nullptr)));
    case MYSQL_TYPE_DOUBLE:
        return Value::fromText(shortest(std::strtod(value.c_str(), nullptr)));
    case MYSQL_TYPE_YEAR:
        return Value::fromText(std::to_string(std::stoi(value)));
    case MYSQL_TYPE_DATE:
        return isZeroDate(value) ? Value::null() : Value::fromText(value);
    case MYSQL_TYPE_DATETIME2:
        return isZeroDate(value) ? Value::null() : Value::fromText(withMicroseconds(value));
    case MYSQL_TYPE_TIMESTAMP2:
        return isZeroDate(value) ? Value::null() : Value::fromText(withMicroseconds(value) + "+00");
    case MYSQL_TYPE_TIME2:
        return Value::fromText(withMicroseconds(value));
    case MYSQL_TYPE_BIT:
        return Value::fromText(bits(column, value));
    case MYSQL_TYPE_GEOMETRY:
        return Value::fromText(hexBytea(value));
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_BLOB:
        if (column.collation == kBinaryCollation && column.realType != MYSQL_TYPE_ENUM &&
            column.realType != MYSQL_TYPE_SET)
            return Value::fromText(hexBytea(value));
        return Value::fromText(value);
    default:
        return Value::fromText(value);
    }
}

MysqlTableCopy::MysqlTableCopy(Client &client, std::vector<BinlogTable> tables)
    : m_client(client), m_tables(std::move(tables))
{}

const BinlogTable &MysqlTableCopy::described(const TableDefinition &table) const
{
    for (const auto &known : m_tables)
        if (known.database == table.schema && known.table == table.name)
            return known;
    throw PermanentError("the snapshot has no table " + table.qualifiedName());
}

long long MysqlTableCopy::copyTable(const TableDefinition &table, const RowsConsumer &consume,
                                    Format format)
{
    if (format != Format::Text)
        throw PermanentError("a MySQL snapshot is copied in COPY's text format only");
    const BinlogTable &source = described(table);
    std::vector<const BinlogColumn *> columns;
    std::string select;
    for (const auto &wanted : table.columns) {
        const BinlogColumn *found = nullptr;
        for (const auto &column : source.columns)
            if (column.name == wanted.name)
                found = &column;
        if (!found)
            throw PermanentError("column " + wanted.name + " of " + table.qualifiedName() +
                                 " is not in the source table");
        columns.push_back(found);
        select += (select.empty() ? "" : ", ") + Client::identifier(wanted.name);
    }
    std::string data;
    long long rows = 0;
    long long rowsInChunk = 0;
    m_client.forEachRow("SELECT " + select + " FROM " + Client::identifier(source.database) + "." +
                            Client::identifier(source.table),
                        [&](const Client::ResultRow &row) {
                            for (std::size_t i = 0; i < columns.size(); ++i) {
                                if (i > 0)
                                    data += '\t';
                                appendCopyText(data, postgresValueOf(*columns[i], row[i]));
                            }
                            data += '\n';
                            ++rows;
                            if (++rowsInChunk, data.size() >= kChunkBytes) {
                                consume(data, rowsInChunk);
                                data.clear();
                                rowsInChunk = 0;
                            }
                        });
    if (rowsInChunk > 0)
        consume(data, rowsInChunk);
    return rows;
}

long long MysqlTableCopy::estimatedRows(const TableDefinition &table)
{
    const auto rows = m_client.queryValue(
        "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
        m_client.literal(table.schema) + " AND TABLE_NAME = " + m_client.literal(table.name));
    return rows ? std::stoll(*rows) : -1;
}

} // namespace syncline::mysql
