#pragma once

#include <QString>

// The MySQL/MariaDB type matrix tst_mysql_binlog and tst_mysql_snapshot read: a table of
// every type family the source maps (README, "MySQL and MariaDB types"), and rows of it. Run
// the inserts with the session's time_zone at '+00:00'.
namespace syncline::test::mysql_type_matrix {

using namespace Qt::StringLiterals;

inline QString createTable(const QString &name)
{
    return u"CREATE TABLE "_s + name +
           u" (id int PRIMARY KEY, t tinyint, tu tinyint unsigned, s smallint, "
           "m mediumint, i int, iu int unsigned, b bigint, bu bigint unsigned, d decimal(30,10), "
           "dz decimal(5,3), f float, g double, dt date, dtt datetime(6), ts timestamp(3) NULL, "
           "tm time(2), y year, c char(5), v varchar(20), l varchar(10) CHARACTER SET latin1, "
           "bin varbinary(8), tx text, bl blob, e enum('a','b'), st set('x','y','z'), bt bit(10), "
           "j json, bn binary(4), dy date)"_s;
}

// Row 1: a value of every column; BINARY(4) with trailing zero bytes, latin1 with the euro
// sign (0x80 in Windows-1252).
inline QString firstRow(const QString &name)
{
    return u"INSERT INTO "_s + name +
           u" VALUES (1, -1, 255, -2, -8388608, -5, 4294967295, -4, "
           "18446744073709551615, -12345678901234567890.0123456789, 0.5, 1.5, -2.25, '2024-02-29', "
           "'2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.123', '-00:00:01.50', 2024, 'ab', "
           "'h\u00e9llo', 'caf\u00e9\u20ac', 0x00ff, 'text', 0x0102, 'b', 'x,z', b'1000000001', "
           "'{\"a\": 1}', 0x0100, '2020-01-01')"_s;
}

// Row 2: zero dates (a zero year, month or day), every other column NULL.
inline QString zeroDatesRow(const QString &name)
{
    return u"INSERT INTO "_s + name +
           u" (id, dt, dtt, dy) VALUES (2, '0000-00-00', '0000-00-00 00:00:00', '0000-01-01')"_s;
}

// Row 3: edges: a FLOAT its 6-digit text does not give back, extremes of the ranges, whole
// seconds with fractional columns, a TIME over a day, tabs, newlines and backslashes,
// Windows-1252's 0x81 (undefined, kept as U+0081), a BINARY(4) of 0xff and the empty SET.
inline QString edgesRow(const QString &name)
{
    return u"INSERT INTO "_s + name +
           u" VALUES (3, 127, 0, 32767, 8388607, 2147483647, 0, -9223372036854775808, 0, "
           "0.0000000001, -0.001, 3.1415927, 0.1, '1000-01-01', '9999-12-31 23:59:59', "
           "'1970-01-01 00:00:01', '838:59:59', 1901, 'a b', 'tab\\there\\nnew\\\\', "
           "CONVERT(0x81e9 USING latin1), '', '', 0xff00, 'a', '', b'0', '[]', 0xffffffff, "
           "'2038-01-19')"_s;
}

} // namespace syncline::test::mysql_type_matrix
