#pragma once

#include "model/lsn.h"
#include "schema/schema_evolution.h"
#include "sink/postgres/statement_builder.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

typedef struct pg_result PGresult;

namespace syncline {

struct PostgresSinkConfig;
struct TableSchema;
namespace pg {
class Connection;
}

// The target tables of one PostgreSQL sink as its catalog describes them, and the schema
// changes the sink makes to follow the source: it compares each new source shape with its
// target table, plans by the sink's policy (schema_changes), and runs the DDL inside the
// sink's open target transaction, under a savepoint.
class TargetSchemaChanges
{
public:
    struct Table
    {
        std::vector<std::string> key;
        std::map<std::string, TargetColumnType> columnTypes;
        std::vector<TargetColumn> columns;
        bool rowsAreIndependent = false; // see TargetCatalog::rowsAreIndependent
    };
    // Runs `work` with synchronous queries on the sink's connection, inside its open target
    // transaction (the sink leaves pipeline mode meanwhile).
    using InTransaction = std::function<void(const std::function<void()> &work)>;
    // Told what the sink did about each new shape of a table: the plan, the source transaction
    // that needed it, and "applied" (kept changes count as applied), or why it was refused.
    using Observer = std::function<void(const TableSchema &table, const SchemaPlan &plan, Lsn lsn,
                                        const std::string &refusal)>;

    TargetSchemaChanges(const PostgresSinkConfig &config, pg::Connection &conn,
                        InTransaction inTransaction);

    void setObserver(Observer observer) { m_observer = std::move(observer); }

    // Reads the table from the target's catalog (the connection must not be in pipeline mode).
    void load(const std::string &schema, const std::string &name);
    // The table as last read; null when it is not one of the sink's tables.
    const Table *find(const std::string &qualifiedName) const;

    // Whether bringing the target table to the source table's shape takes DDL, or is refused
    // (read again from the catalog before saying so). Nothing is changed.
    bool needsDdl(const TableSchema &table);
    // Knows the tables as `other` knows them (a sink on a second connection to the target).
    void copyTablesFrom(const TargetSchemaChanges &other) { m_tables = other.m_tables; }

    // Brings the target table to the source table's shape, by the sink's policy, inside the
    // open target transaction; returns why it cannot, or an empty string.
    std::string evolve(const TableSchema &table, Lsn lsn);

    // ALTER TYPE ... ADD VALUE on the source sends no Relation message: when the target
    // rejected a change for a value its enum lacks, adds the value (on a connection of its own)
    // and returns true; the change is then to be applied again.
    bool addMissingEnumValue(const PGresult *result);

private:
    // The plan against the target table as the catalog shows it now.
    SchemaPlan planFor(const TableSchema &table);
    // Runs the statements under a savepoint; the target's error when it rejects one.
    std::optional<std::string> run(const TableSchema &table,
                                   const std::vector<std::string> &statements);

    const PostgresSinkConfig &m_config;
    pg::Connection &m_conn;
    InTransaction m_inTransaction;
    Observer m_observer;
    std::map<std::string, Table> m_tables; // by "schema.table"
};

} // namespace syncline
