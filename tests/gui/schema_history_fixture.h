#pragma once

// A schema history written with core's SchemaHistory, as a running pipeline writes it:
// public.orders in three versions (types changed, a column added, one removed, the key widened)
// and public.customers in one.

#include "model/lsn.h"
#include "model/table_schema.h"
#include "schema/schema_history.h"

#include <QDir>
#include <QFile>
#include <QString>

namespace schema_fixture {

constexpr std::uint32_t kInt4 = 23, kInt8 = 20, kText = 25, kNumeric = 1700, kVarchar = 1043,
                        kTimestampTz = 1184;

// numeric(precision, scale) as pgoutput sends its type modifier
constexpr std::int32_t numeric(int precision, int scale)
{
    return ((precision << 16) | scale) + 4;
}

inline syncline::TableSchema table(const char *name, std::vector<syncline::Column> columns)
{
    syncline::TableSchema schema;
    schema.schema = "public";
    schema.name = name;
    schema.columns = std::move(columns);
    return schema;
}

inline std::filesystem::path path(const QString &stateDir)
{
    return std::filesystem::path(QFile::encodeName(stateDir).toStdString());
}

inline void record(const QString &stateDir, const syncline::TableSchema &schema, std::uint64_t lsn)
{
    QDir().mkpath(stateDir);
    syncline::SchemaHistory history(syncline::SchemaHistory::fileIn(path(stateDir)));
    history.record(schema, syncline::Lsn(lsn));
}

inline syncline::TableSchema ordersV3()
{
    return table("orders", {{"id", kInt8, -1, true},
                            {"customer_id", kInt4, -1, true},
                            {"total", kNumeric, numeric(14, 2), false},
                            {"status", kVarchar, 20 + 4, false},
                            {"created_at", kTimestampTz, -1, false}});
}

inline void writeSample(const QString &stateDir)
{
    record(stateDir,
           table("orders", {{"id", kInt4, -1, true},
                            {"customer_id", kInt4, -1, false},
                            {"total", kNumeric, numeric(10, 2), false},
                            {"note", kText, -1, false}}),
           0x16B6F30);
    record(stateDir, table("customers", {{"id", kInt4, -1, true}, {"name", kText, -1, false}}),
           0x16B7000);
    record(stateDir,
           table("orders", {{"id", kInt8, -1, true},
                            {"customer_id", kInt4, -1, false},
                            {"total", kNumeric, numeric(14, 2), false},
                            {"note", kText, -1, false},
                            {"status", kVarchar, 20 + 4, false}}),
           0x2A00128);
    record(stateDir, ordersV3(), 0x3F11A08);
}

} // namespace schema_fixture
