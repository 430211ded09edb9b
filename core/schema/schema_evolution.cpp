#include "schema/schema_evolution.h"

#include "pg/conninfo.h"
#include "schema/type_widening.h"

#include <algorithm>

namespace syncline {
namespace {

using Action = SchemaChangePolicy::Action;

struct Planner
{
    const TableSchema &source;
    std::vector<TargetColumn> target; // renamed as the plan renames them
    const SchemaChangePolicy &policy;
    std::string table;
    SchemaPlan plan;

    TargetColumn *targetColumn(const std::string &name)
    {
        const auto it = std::find_if(target.begin(), target.end(),
                                     [&](const TargetColumn &c) { return c.name == name; });
        return it == target.end() ? nullptr : &*it;
    }
    bool isSourceColumn(const std::string &name) const
    {
        return std::any_of(source.columns.begin(), source.columns.end(),
                           [&](const Column &c) { return c.name == name; });
    }
    std::string alter(const std::string &what) const { return "ALTER TABLE " + table + ' ' + what; }
    void add(SchemaChange::Kind kind, const std::string &column, std::string detail, Action action,
             std::vector<std::string> statements)
    {
        if (action == Action::Keep && kind != SchemaChange::Kind::DropColumn)
            statements.clear(); // the target stays as it is
        plan.changes.push_back({kind, column, std::move(detail), action, std::move(statements)});
    }

    void renames()
    {
        for (const auto &column : source.columns) {
            if (column.renamedFrom.empty() || targetColumn(column.name))
                continue;
            TargetColumn *old = targetColumn(column.renamedFrom);
            if (!old || isSourceColumn(column.renamedFrom))
                continue;
            add(SchemaChange::Kind::RenameColumn, column.name, "renamed from " + old->name,
                policy.rename,
                {alter("RENAME COLUMN " + pg::quoteIdentifier(old->name) + " TO " +
                       pg::quoteIdentifier(column.name))});
            if (policy.rename == Action::Apply)
                old->name = column.name;
        }
    }

    void addition(const Column &column)
    {
        if (column.sqlType.empty()) {
            add(SchemaChange::Kind::AddColumn, column.name, "type unknown", Action::Quarantine, {});
            return;
        }
        std::string definition = pg::quoteIdentifier(column.name) + ' ' + column.sqlType;
        std::string detail = column.sqlType;
        if (column.existingRowsValue) {
            definition += " DEFAULT " + pg::quoteLiteral(*column.existingRowsValue);
            if (column.notNull)
                definition += " NOT NULL";
            detail += ", existing rows " + pg::quoteLiteral(*column.existingRowsValue);
        } else if (column.hasDefault) {
            // A volatile default (now(), a sequence) rewrote the source table with a value per
            // row; those values never pass through the WAL.
            detail += ", existing rows got per-row defaults on the source that the WAL does "
                      "not carry: resync the table to copy them";
        }
        add(SchemaChange::Kind::AddColumn, column.name, std::move(detail), policy.addColumn,
            {alter("ADD COLUMN " + definition)});
    }

    void typeChange(const Column &column, const TargetColumn &existing)
    {
        if (column.sqlType.empty() || column.sqlType == existing.sqlType)
            return;
        const bool widens = isWidening(existing.sqlType, column.sqlType);
        // A target made wider than the source on purpose holds every value: left alone,
        // unless it had followed the source until the source changed.
        const bool followedSource = column.previousSqlType == existing.sqlType;
        if (!widens && !followedSource && isWidening(column.sqlType, existing.sqlType))
            return;
        const std::string name = pg::quoteIdentifier(column.name);
        add(widens ? SchemaChange::Kind::Widen : SchemaChange::Kind::Incompatible, column.name,
            existing.sqlType + " → " + column.sqlType, widens ? policy.widen : policy.incompatible,
            {alter("ALTER COLUMN " + name + " TYPE " + column.sqlType + " USING " + name +
                   "::" + column.sqlType)});
    }

    void nullability(const Column &column, const TargetColumn &existing)
    {
        if (column.sqlType.empty() || column.notNull || !existing.notNull || existing.isKey)
            return;
        add(SchemaChange::Kind::DropNotNull, column.name, "NULL allowed on the source",
            Action::Apply,
            {alter("ALTER COLUMN " + pg::quoteIdentifier(column.name) + " DROP NOT NULL")});
    }

    void drop(const TargetColumn &existing)
    {
        if (existing.isKey) {
            add(SchemaChange::Kind::DropColumn, existing.name,
                "a key column of the target is gone from the source", Action::Quarantine, {});
            return;
        }
        const std::string name = pg::quoteIdentifier(existing.name);
        if (policy.dropColumn == Action::Apply) {
            add(SchemaChange::Kind::DropColumn, existing.name, "dropped", Action::Apply,
                {alter("DROP COLUMN " + name)});
            return;
        }
        std::vector<std::string> statements;
        if (existing.notNull && !existing.hasDefault)
            statements.push_back(alter("ALTER COLUMN " + name + " DROP NOT NULL"));
        add(SchemaChange::Kind::DropColumn, existing.name,
            policy.dropColumn == Action::Keep ? "kept on the target, NULL in new rows"
                                              : "dropped on the source",
            policy.dropColumn, std::move(statements));
    }

    SchemaPlan run()
    {
        renames();
        for (const auto &column : source.columns) {
            const TargetColumn *existing = targetColumn(column.name);
            if (!existing) {
                addition(column);
                continue;
            }
            typeChange(column, *existing);
            nullability(column, *existing);
        }
        for (const auto &existing : target)
            if (!isSourceColumn(existing.name))
                drop(existing);
        return std::move(plan);
    }
};

} // namespace

const char *schemaChangeKindName(SchemaChange::Kind kind)
{
    switch (kind) {
    case SchemaChange::Kind::AddColumn:
        return "add_column";
    case SchemaChange::Kind::DropColumn:
        return "drop_column";
    case SchemaChange::Kind::RenameColumn:
        return "rename";
    case SchemaChange::Kind::Widen:
        return "widen";
    case SchemaChange::Kind::Incompatible:
        return "incompatible";
    case SchemaChange::Kind::DropNotNull:
        return "drop_not_null";
    }
    return "change";
}

const char *schemaActionName(SchemaChangePolicy::Action action)
{
    switch (action) {
    case Action::Apply:
        return "apply";
    case Action::Keep:
        return "keep";
    case Action::Quarantine:
        return "quarantine";
    }
    return "apply";
}

std::vector<std::string> SchemaPlan::statements() const
{
    std::vector<std::string> all;
    if (refused())
        return all;
    for (const auto &change : changes)
        if (change.action != Action::Quarantine)
            all.insert(all.end(), change.statements.begin(), change.statements.end());
    return all;
}

const SchemaChange *SchemaPlan::refused() const
{
    for (const auto &change : changes)
        if (change.action == Action::Quarantine)
            return &change;
    return nullptr;
}

std::string SchemaPlan::describe() const
{
    std::string text;
    for (const auto &change : changes)
        text += std::string(text.empty() ? "" : "; ") + "column " + change.column + ": " +
                schemaChangeKindName(change.kind) + " (" + change.detail + ") " +
                (change.action == Action::Quarantine ? "refused" : schemaActionName(change.action));
    return text;
}

SchemaPlan planSchemaChanges(const TableSchema &source, const std::vector<TargetColumn> &target,
                             const SchemaChangePolicy &policy)
{
    Planner planner{source, target, policy, {}, {}};
    planner.table = pg::quoteQualifiedName(source.schema, source.name);
    return planner.run();
}

} // namespace syncline
