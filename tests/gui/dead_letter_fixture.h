#pragma once

#include "dlq/dead_letter_store.h"
#include "util/sqlite_database.h"

#include <QFile>
#include <QString>

#include <string>

namespace syncline::test {

// Fills state_dir/dead-letters.sqlite with `count` generated dead letters in one statement:
// five tables, seven error classes (i % 7), mostly pending with every 13th replayed, every
// 17th held and every 97th quarantined, one second apart from 2024-01-01T00:00:00Z, each a
// Debezium insert of {"id": i, "balance": -i} whose message names "(row i)".
inline void fillDeadLetters(const QString &stateDirectory, int count)
{
    const auto file = dlq::DeadLetterStore::fileIn(QFile::encodeName(stateDirectory).toStdString());
    {
        dlq::DeadLetterStore schema(file);
    }
    SqliteDatabase db(file, "test fixture", "");
    const std::string sql = R"sql(
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < )sql" +
                            std::to_string(count) + R"sql()
INSERT INTO dead_letters (sink, event_id, status, table_name, row_key, value, error_class,
    sqlstate, message, attempts, first_failed_at, dead_lettered_at, source_lsn, source_txid)
SELECT 'target', '0/' || i,
    CASE WHEN i % 97 = 0 THEN 'quarantined' WHEN i % 17 = 0 THEN 'held'
         WHEN i % 13 = 0 THEN 'replayed' ELSE 'pending' END,
    'public.t' || (i % 5), '{"id":' || i || '}',
    '{"before":null,"after":{"id":' || i || ',"balance":' || (-i) ||
        '},"source":{"schema":"public","table":"t' || (i % 5) || '"},"op":"c"}',
    CASE i % 7 WHEN 0 THEN 'check_violation' WHEN 1 THEN 'not_null_violation'
        WHEN 2 THEN 'foreign_key_violation' WHEN 3 THEN 'unique_violation'
        WHEN 4 THEN 'string_data_right_truncation' WHEN 5 THEN 'undefined_column'
        ELSE 'invalid_text_representation' END,
    '23514', 'new row for relation "t' || (i % 5) ||
        '" violates check constraint "no_overdraft" (row ' || i || ')',
    2, strftime('%Y-%m-%dT%H:%M:%fZ', 1704067200 + i, 'unixepoch'),
    strftime('%Y-%m-%dT%H:%M:%fZ', 1704067200 + i, 'unixepoch'), printf('0/%X', i), i
FROM n;
)sql";
    db.execute(sql.c_str());
}

} // namespace syncline::test
