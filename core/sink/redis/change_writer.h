#pragma once

#include "config/pipeline_config.h"
#include "model/change_event.h"
#include "sink/redis/apply_script.h"
#include "sink/redis/key_template.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace syncline {
struct TableDefinition;
}

namespace syncline::redis {

// Turns changes and snapshot rows into the apply script's writes, as the sink's mode says:
// materialize (a hash or JSON per row), invalidate (DEL) or stream (XADD per table).
class ChangeWriter
{
public:
    explicit ChangeWriter(const RedisSinkOptions &options);

    // Throws PermanentError when the key template does not fit the table, or would give it the
    // keys of a table of the same name in another schema (config/key_template_syntax.h).
    void addTable(const TableDefinition &table);

    void change(const ChangeEvent &event, const std::string &position, ScriptBatch &batch);
    // `row` in the table's column order.
    void snapshotRow(const TableDefinition &table, const Row &row, const std::string &position,
                     ScriptBatch &batch);
    // Removes the table's keys (materialize, invalidate) or appends a truncate (stream).
    void truncate(const std::string &schema, const std::string &table, const std::string &position,
                  ScriptBatch &batch);

private:
    struct Table
    {
        KeyTemplate key;
        std::vector<std::string> keyColumns;
        // The schema of the table's latest change, held so that its address stays its own,
        // with its column names and qualified name.
        const TableSchema *described = nullptr;
        std::shared_ptr<const TableSchema> describedBy;
        std::vector<std::string> columns;
        std::string qualified;
    };
    Table &tableOf(const TableSchema &schema);
    void checkSchemas(const std::string &schema, const std::string &name);
    std::string keyOf(const Table &table, const std::vector<std::string> &columns, const Row &row);
    // `whole`: every column is in `row` but for unchanged TOAST (not an update's old row).
    void write(const std::string &key, const std::string &qualified,
               const std::vector<std::string> &columns, const Row &row, bool whole,
               const std::string &position, ScriptBatch &batch) const;
    ScriptBatch::Fields entry(char op, const std::string &qualified,
                              const std::vector<std::string> &columns, const Row *before,
                              const Row *after, const std::string &position) const;

    RedisSinkOptions m_options;
    std::map<std::string, Table> m_tables;                    // by schema.table
    std::vector<std::pair<std::string, std::string>> m_names; // their schemas and names
};

} // namespace syncline::redis
