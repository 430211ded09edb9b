#include "source/mysql/binlog_table.h"

#include "util/errors.h"

#include <mysql.h>

#include <mariadb_rpl.h>

namespace syncline::mysql {
namespace {

// MySQL's length-encoded integers, within [at, end).
class LengthEncoded
{
public:
    LengthEncoded(const unsigned char *data, std::size_t size) : m_at(data), m_end(data + size) {}

    bool atEnd() const { return m_at >= m_end; }
    const unsigned char *position() const { return m_at; }
    std::uint64_t number()
    {
        need(1);
        const unsigned char first = *m_at++;
        const int bytes = first < 251 ? 0 : first == 252 ? 2 : first == 253 ? 3 : 8;
        if (bytes == 0)
            return first;
        need(std::size_t(bytes));
        std::uint64_t value = 0;
        for (int i = bytes - 1; i >= 0; --i)
            value = (value << 8) | m_at[i];
        m_at += bytes;
        return value;
    }
    std::string text()
    {
        const std::uint64_t length = number();
        need(length);
        std::string value(reinterpret_cast<const char *>(m_at), std::size_t(length));
        m_at += length;
        return value;
    }

private:
    void need(std::uint64_t bytes) const
    {
        if (std::uint64_t(m_end - m_at) < bytes)
            throw PermanentError("malformed TABLE_MAP event: metadata ends early");
    }

    const unsigned char *m_at;
    const unsigned char *m_end;
};

LengthEncoded readerOf(const MARIADB_CONST_DATA &data)
{
    return {data.data, data.data ? data.length : 0};
}

// The columns the signedness bitmap has a bit for (MariaDB counts YEAR, not BIT).
bool isNumeric(int type)
{
    switch (type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_NEWDECIMAL:
    case MYSQL_TYPE_DECIMAL:
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE:
    case MYSQL_TYPE_YEAR:
        return true;
    default:
        return false;
    }
}

// Reads one column's bytes of the metadata block; returns how many it used.
std::size_t readMetadata(BinlogColumn &column, const unsigned char *meta, std::size_t left)
{
    const auto need = [&](std::size_t bytes) {
        if (left < bytes)
            throw PermanentError("malformed TABLE_MAP event: column metadata ends early");
    };
    switch (column.type) {
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE:
    case MYSQL_TYPE_TIMESTAMP2:
    case MYSQL_TYPE_DATETIME2:
    case MYSQL_TYPE_TIME2:
        need(1);
        column.meta = meta[0];
        if (column.type >= MYSQL_TYPE_TIMESTAMP2 && column.meta > 6)
            throw PermanentError("malformed TABLE_MAP event: more than 6 fractional digits");
        return 1;
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_GEOMETRY:
    case MYSQL_TYPE_JSON:
        need(1);
        column.meta = meta[0]; // bytes of the length prefix
        if (column.meta < 1 || column.meta > 4)
            throw PermanentError("malformed TABLE_MAP event: a length prefix of " +
                                 std::to_string(column.meta) + " bytes");
        return 1;
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_VAR_STRING:
        need(2);
        column.meta = unsigned(meta[0]) | unsigned(meta[1]) << 8;
        return 2;
    case MYSQL_TYPE_NEWDECIMAL:
        need(2);
        column.meta = meta[0];
        column.meta2 = meta[1];
        if (column.meta < 1 || column.meta > 65 || column.meta2 > 38 || column.meta2 > column.meta)
            throw PermanentError("malformed TABLE_MAP event: DECIMAL(" +
                                 std::to_string(column.meta) + "," + std::to_string(column.meta2) +
                                 ")");
        return 2;
    case MYSQL_TYPE_BIT:
        need(2);
        column.meta = unsigned(meta[1]) * 8 + meta[0];
        column.meta2 = meta[1];
        if (column.meta < 1 || column.meta > 64)
            throw PermanentError("malformed TABLE_MAP event: BIT(" + std::to_string(column.meta) +
                                 ")");
        return 2;
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_ENUM:
    case MYSQL_TYPE_SET: {
        need(2);
        const unsigned first = meta[0];
        const unsigned second = meta[1];
        if ((first & 0x30) != 0x30) {
            // A CHAR longer than 255 bytes folds two bits of its length into the type byte.
            column.realType = int(first | 0x30);
            column.meta = (((first & 0x30) ^ 0x30) << 4) | second;
        } else {
            column.realType = int(first);
            column.meta = second; // CHAR: bytes; ENUM, SET: bytes each value takes
        }
        return 2;
    }
    default:
        return 0;
    }
}

// Optional metadata types (binlog_row_metadata=FULL) read here: the rest come parsed from
// Connector/C, which keeps only the first byte of a default charset.
constexpr int kDefaultCharset = 2;
constexpr int kColumnCharset = 3;

// DEFAULT_CHARSET: the default collation, then (index among character columns, collation)
// pairs for the exceptions. COLUMN_CHARSET: one collation per character column.
void readCollations(std::vector<BinlogColumn> &columns, int type, LengthEncoded reader)
{
    std::vector<BinlogColumn *> characterColumns;
    for (auto &column : columns)
        if (column.isCharacterColumn())
            characterColumns.push_back(&column);
    if (type == kDefaultCharset) {
        const int fallback = int(reader.number());
        for (auto *column : characterColumns)
            column->collation = fallback;
        while (!reader.atEnd()) {
            const std::uint64_t index = reader.number();
            const int collation = int(reader.number());
            if (index < characterColumns.size())
                characterColumns[index]->collation = collation;
        }
        return;
    }
    for (auto *column : characterColumns) {
        if (reader.atEnd())
            break;
        column->collation = int(reader.number());
    }
}

// The optional metadata follows the NULL bitmap and runs to the end of the event (before its
// checksum): type byte, length, payload.
void readCharsets(std::vector<BinlogColumn> &columns, const MARIADB_RPL_EVENT &event)
{
    const auto &map = event.event.table_map;
    if (!map.null_indicator)
        return;
    const unsigned char *at = map.null_indicator + (columns.size() + 7) / 8;
    const unsigned char *end =
        event.raw_data + event.raw_data_size - (event.rpl && event.rpl->use_checksum ? 4 : 0);
    while (at < end) {
        const int type = *at++;
        LengthEncoded length(at, std::size_t(end - at));
        const std::uint64_t size = length.number();
        const unsigned char *payload = length.position();
        if (size > std::uint64_t(end - payload))
            throw PermanentError("malformed TABLE_MAP event: optional metadata ends early");
        if (type == kDefaultCharset || type == kColumnCharset)
            readCollations(columns, type, LengthEncoded(payload, std::size_t(size)));
        at = payload + size;
    }
}

std::vector<std::vector<std::string>> valueLists(const MARIADB_CONST_DATA &data)
{
    std::vector<std::vector<std::string>> lists;
    LengthEncoded reader = readerOf(data);
    while (!reader.atEnd()) {
        auto &list = lists.emplace_back();
        for (std::uint64_t count = reader.number(); count > 0; --count)
            list.push_back(reader.text());
    }
    return lists;
}

} // namespace

bool BinlogColumn::isCharacterColumn() const
{
    switch (realType) {
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_GEOMETRY:
    case MYSQL_TYPE_JSON:
        return true;
    default:
        return false;
    }
}

BinlogTable BinlogTable::fromEvent(const MARIADB_RPL_EVENT &event)
{
    if (event.event_type != TABLE_MAP_EVENT)
        throw PermanentError("not a TABLE_MAP event");
    const auto &map = event.event.table_map;
    BinlogTable table;
    table.id = map.table_id;
    table.database.assign(map.database.str, map.database.length);
    table.table.assign(map.table.str, map.table.length);
    const std::size_t count = map.column_count;
    if (map.column_types.length < count)
        throw PermanentError("malformed TABLE_MAP event of " + table.qualifiedName() +
                             ": fewer column types than columns");
    table.columns.resize(count);
    const auto *meta = reinterpret_cast<const unsigned char *>(map.metadata.str);
    std::size_t metaLeft = map.metadata.length;
    std::size_t numeric = 0;
    for (std::size_t i = 0; i < count; ++i) {
        BinlogColumn &column = table.columns[i];
        column.type = static_cast<unsigned char>(map.column_types.str[i]);
        column.realType = column.type;
        const std::size_t used = readMetadata(column, meta, metaLeft);
        meta += used;
        metaLeft -= used;
        column.nullable = map.null_indicator && ((map.null_indicator[i / 8] >> (i % 8)) & 1);
        if (isNumeric(column.type)) {
            // Most significant bit first, one per numeric column.
            if (map.signed_indicator)
                column.isUnsigned = ((map.signed_indicator[numeric / 8] >> (7 - numeric % 8)) & 1);
            ++numeric;
        }
    }

    LengthEncoded names = readerOf(map.column_names);
    for (std::size_t i = 0; i < count && !names.atEnd(); ++i) {
        table.columns[i].name = names.text();
        table.hasColumnNames = true;
    }
    int position = 0;
    for (LengthEncoded keys = readerOf(map.simple_primary_keys); !keys.atEnd();) {
        const std::uint64_t index = keys.number();
        if (index < count)
            table.columns[index].keyPosition = position++;
    }
    for (LengthEncoded keys = readerOf(map.prefixed_primary_keys); !keys.atEnd();) {
        const std::uint64_t index = keys.number();
        const std::uint64_t prefix = keys.number();
        if (index < count) {
            table.columns[index].keyPosition = position++;
            table.columns[index].keyPrefix = unsigned(prefix);
        }
    }
    const auto enums = valueLists(map.enum_values);
    const auto sets = valueLists(map.set_values);
    std::size_t enumIndex = 0;
    std::size_t setIndex = 0;
    for (auto &column : table.columns) {
        if (column.realType == MYSQL_TYPE_ENUM && enumIndex < enums.size())
            column.values = enums[enumIndex++];
        else if (column.realType == MYSQL_TYPE_SET && setIndex < sets.size())
            column.values = sets[setIndex++];
    }
    readCharsets(table.columns, event);
    return table;
}

} // namespace syncline::mysql
