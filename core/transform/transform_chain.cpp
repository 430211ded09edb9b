#include "transform/transform_chain.h"

#include "util/errors.h"
#include "util/glob.h"

#include <algorithm>
#include <cctype>

namespace syncline::transform {

namespace {

std::vector<std::string_view> dottedParts(std::string_view pattern)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto dot = pattern.find('.', start);
        parts.push_back(pattern.substr(start, dot - start));
        if (dot == std::string_view::npos)
            return parts;
        start = dot + 1;
    }
}

// What each * of a dotted pattern matched, right-aligned against `names` (schema, table[,
// column]): the last part is the last name. nullopt: no match.
std::optional<std::vector<std::string>> dottedCaptures(std::string_view pattern,
                                                       const std::vector<std::string_view> &names)
{
    const auto parts = dottedParts(pattern);
    if (parts.size() > names.size())
        return std::nullopt;
    std::vector<std::string> captures;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        auto matched = globCaptures(parts[i], names[names.size() - parts.size() + i]);
        if (!matched)
            return std::nullopt;
        captures.insert(captures.end(), matched->begin(), matched->end());
    }
    return captures;
}

// A route's "to" with its placeholders filled in.
std::string expandName(const std::string &pattern, const std::string &schema,
                       const std::string &table, const std::string &column,
                       const std::vector<std::string> &captures)
{
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const auto close = pattern.find('}', i);
        if (pattern[i] != '{' || close == std::string::npos) {
            out += pattern[i];
            continue;
        }
        const std::string name = pattern.substr(i + 1, close - i - 1);
        if (name == "schema")
            out += schema;
        else if (name == "table")
            out += table;
        else if (name == "column")
            out += column;
        else if (!name.empty() && std::all_of(name.begin(), name.end(), ::isdigit) &&
                 std::stoul(name) >= 1 && std::stoul(name) <= captures.size())
            out += captures[std::stoul(name) - 1];
        else
            out += pattern.substr(i, close - i + 1);
        i = close;
    }
    return out;
}

struct ViewColumn
{
    std::size_t source = 0;
    std::string name;
};

bool sameNameIgnoringCase(const std::string &a, const std::string &b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower((unsigned char)x) == std::tolower((unsigned char)y);
           });
}

// A filter's column by name: as written, else the one column of that name in another case.
RowFilter::ColumnLookup lookupIn(const std::vector<ViewColumn> &view, const TableSchema &table)
{
    return [&view, &table](const std::string &name) -> std::optional<RowFilter::BoundColumn> {
        const ViewColumn *found = nullptr;
        for (const auto &column : view)
            if (column.name == name)
                found = &column;
        if (!found) {
            for (const auto &column : view)
                if (sameNameIgnoringCase(column.name, name)) {
                    if (found)
                        return std::nullopt;
                    found = &column;
                }
        }
        if (!found)
            return std::nullopt;
        return RowFilter::BoundColumn{found->source, table.columns[found->source].typeOid};
    };
}

} // namespace

bool TablePlan::apply(Row &row, bool filtered) const
{
    // The key as the source sent it, before any step masks it.
    std::string rowKey;
    if (needsRowKey)
        for (std::size_t i : keyColumns)
            if (i < row.size())
                rowKey += row[i].text + '\0';
    for (const Operation &operation : operations) {
        if (operation.mask) {
            if (operation.column < row.size())
                row[operation.column] = operation.mask->apply(row[operation.column], rowKey);
        } else if (filtered && !operation.filter->keeps(row)) {
            return false;
        }
    }
    if (reshapes) {
        Row shaped;
        shaped.reserve(outputColumns.size());
        for (std::size_t i : outputColumns)
            shaped.push_back(i < row.size() ? std::move(row[i]) : Value::null());
        row = std::move(shaped);
    }
    return true;
}

bool TablePlan::canFilter(const Row &row) const
{
    for (const Operation &operation : operations)
        if (operation.filter)
            for (std::size_t i : operation.filter->reads())
                if (i < row.size() && row[i].isUnchangedToast())
                    return false;
    return true;
}

bool selectsColumn(const std::string &pattern, const std::string &schema, const std::string &table,
                   const std::string &column)
{
    return dottedCaptures(pattern, {schema, table, column}).has_value();
}

std::vector<std::string> piiTags(const std::string &comment)
{
    std::vector<std::string> tags;
    std::size_t start = 0;
    while (start < comment.size()) {
        const auto end = comment.find_first_of(" \t\n,;", start);
        const std::string word = comment.substr(start, end - start);
        if (word.rfind("pii:", 0) == 0)
            tags.push_back(word);
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return tags;
}

TransformChain::TransformChain(std::vector<TransformConfig> steps,
                               std::vector<std::string> allowUnmasked)
    : m_steps(std::move(steps)), m_allowUnmasked(std::move(allowUnmasked))
{
    for (std::size_t i = 0; i < m_steps.size(); ++i) {
        if (m_steps[i].type != "filter") {
            m_filters.emplace_back();
            continue;
        }
        try {
            m_filters.push_back(RowFilter::parse(m_steps[i].where));
        } catch (const FilterSyntaxError &error) {
            throw TransformError(i, std::string("filter: ") + error.what(), error.offset);
        }
    }
}

bool TransformChain::appliesTo(const TransformConfig &step, const std::string &schema,
                               const std::string &table) const
{
    if (step.tables.empty())
        return true;
    return std::any_of(step.tables.begin(), step.tables.end(), [&](const std::string &pattern) {
        return dottedCaptures(pattern, {schema, table}).has_value();
    });
}

bool TransformChain::masks(const TransformConfig &step, const std::string &schema,
                           const std::string &table, const std::string &name,
                           const Column &column) const
{
    if (step.type != "mask")
        return false;
    for (const auto &pattern : step.columns)
        if (selectsColumn(pattern, schema, table, name))
            return true;
    if (!column.sqlType.empty())
        for (const auto &pattern : step.types)
            if (globMatches(pattern, column.sqlType) ||
                globMatches(pattern, column.sqlType.substr(0, column.sqlType.find('('))))
                return true;
    if (step.tagged.empty() || column.comment.empty())
        return false;
    for (const auto &tag : piiTags(column.comment))
        for (const auto &pattern : step.tagged)
            if (globMatches(pattern, tag))
                return true;
    return false;
}

std::string TransformChain::keptStatement(const std::string &ddl) const
{
    if (m_steps.empty())
        return ddl;
    return "-- not kept: this pipeline transforms data, and the statement's text may quote it";
}

std::vector<std::string> TransformChain::unmaskedPii(const TableSchema &table,
                                                     const TablePlan *known) const
{
    std::shared_ptr<const TablePlan> built;
    const TablePlan *plan = known;
    std::vector<std::string> unmasked;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        const Column &column = table.columns[i];
        const auto tags = piiTags(column.comment);
        if (tags.empty())
            continue;
        if (!plan) {
            built = planFor(table);
            plan = built.get();
        }
        const bool masked = std::any_of(
            plan->operations.begin(), plan->operations.end(),
            [&](const auto &operation) { return operation.mask && operation.column == i; });
        const bool leftOut = std::find(plan->outputColumns.begin(), plan->outputColumns.end(), i) ==
                             plan->outputColumns.end();
        const bool allowed =
            std::any_of(m_allowUnmasked.begin(), m_allowUnmasked.end(), [&](const auto &pattern) {
                return selectsColumn(pattern, table.schema, table.name, column.name);
            });
        if (!masked && !leftOut && !allowed)
            unmasked.push_back(table.qualifiedName() + "." + column.name + " (" + tags.front() +
                               ")");
    }
    return unmasked;
}

std::shared_ptr<TablePlan> TransformChain::planFor(const TableSchema &table) const
{
    auto plan = std::make_shared<TablePlan>();
    for (std::size_t i = 0; i < table.columns.size(); ++i)
        if (table.columns[i].isKey)
            plan->keyColumns.push_back(i);
    std::string schema = table.schema, name = table.name;
    std::vector<ViewColumn> view;
    for (std::size_t i = 0; i < table.columns.size(); ++i)
        view.push_back({i, table.columns[i].name});

    for (std::size_t s = 0; s < m_steps.size(); ++s) {
        const TransformConfig &step = m_steps[s];
        if (!appliesTo(step, schema, name))
            continue;
        const std::string where = schema + "." + name;
        if (step.type == "mask") {
            for (const ViewColumn &column : view) {
                if (!masks(step, schema, name, column.name, table.columns[column.source]))
                    continue;
                try {
                    plan->operations.push_back(
                        {column.source, ColumnMask(step, table.columns[column.source], where), {}});
                } catch (const PermanentError &error) {
                    throw TransformError(s, error.what());
                }
                plan->needsRowKey = plan->needsRowKey || step.with == "date_shift";
                plan->touchesAny = true;
            }
        } else if (step.type == "select") {
            auto kept = [&](const ViewColumn &column) {
                auto selected = [&](const std::vector<std::string> &patterns) {
                    return std::any_of(patterns.begin(), patterns.end(), [&](const auto &p) {
                        return selectsColumn(p, schema, name, column.name);
                    });
                };
                return (step.include.empty() || selected(step.include)) && !selected(step.exclude);
            };
            for (const ViewColumn &column : view)
                if (!kept(column) && table.columns[column.source].isKey)
                    throw TransformError(s, "select leaves out " + column.name +
                                                ", a key column of " + where +
                                                ": the targets find rows by it");
            const auto before = view.size();
            std::erase_if(view, [&](const ViewColumn &column) { return !kept(column); });
            if (view.empty())
                throw TransformError(s, "select leaves no column of " + where);
            plan->reshapes = plan->reshapes || view.size() != before;
        } else if (step.type == "filter") {
            try {
                plan->operations.push_back({0, {}, m_filters[s]->bind(lookupIn(view, table))});
            } catch (const PermanentError &error) {
                throw TransformError(s, where + ": " + error.what());
            }
            plan->filters = true;
        } else if (step.type == "route" && !step.columns.empty()) {
            for (ViewColumn &column : view)
                for (const auto &pattern : step.columns)
                    if (auto captures = dottedCaptures(pattern, {schema, name, column.name})) {
                        column.name = expandName(step.to, schema, name, column.name, *captures);
                        break;
                    }
            plan->reshapes = true;
        } else if (step.type == "route") {
            std::vector<std::string> captures;
            for (const auto &pattern : step.tables)
                if (auto matched = dottedCaptures(pattern, {schema, name})) {
                    captures = std::move(*matched);
                    break;
                }
            const std::string routed = expandName(step.to, schema, name, "", captures);
            const auto dot = routed.find('.');
            if (dot != std::string::npos)
                schema = routed.substr(0, dot);
            name = routed.substr(dot == std::string::npos ? 0 : dot + 1);
            if (schema.empty() || name.empty() || name.find('.') != std::string::npos)
                throw TransformError(s, "route sends " + where + " to \"" + routed +
                                            "\", which is not schema.table");
            plan->reshapes = true;
        }
    }
    for (std::size_t i = 0; i + 1 < view.size(); ++i)
        for (std::size_t j = i + 1; j < view.size(); ++j)
            if (view[i].name == view[j].name)
                throw TransformError(m_steps.size() - 1,
                                     "two columns of " + table.qualifiedName() + " leave as " +
                                         view[i].name + ": " + table.columns[view[i].source].name +
                                         " and " + table.columns[view[j].source].name);
    plan->touchesAny = plan->touchesAny || plan->filters || plan->reshapes;

    auto output = std::make_shared<TableSchema>(table);
    output->schema = schema;
    output->name = name;
    output->columns.clear();
    for (const ViewColumn &column : view) {
        Column out = table.columns[column.source];
        out.name = column.name;
        // An added column's value for the rows that existed before it is data like any other.
        if (out.existingRowsValue) {
            Value value = Value::fromText(*out.existingRowsValue);
            for (const auto &operation : plan->operations)
                if (operation.mask && operation.column == column.source)
                    value = operation.mask->apply(value);
            out.existingRowsValue =
                value.isNull() ? std::nullopt : std::optional<std::string>(value.text);
        }
        output->columns.push_back(std::move(out));
        plan->outputColumns.push_back(column.source);
    }
    plan->output = std::move(output);
    return plan;
}

TableDefinition TransformChain::outputDefinition(const TableDefinition &table) const
{
    const auto plan = planFor(table.toSchema());
    if (!plan->reshapes)
        return table;
    TableDefinition out = table;
    out.schema = plan->output->schema;
    out.name = plan->output->name;
    out.columns.clear();
    for (std::size_t i = 0; i < plan->outputColumns.size(); ++i) {
        out.columns.push_back(table.columns[plan->outputColumns[i]]);
        out.columns.back().name = plan->output->columns[i].name;
    }
    out.keyColumns.clear();
    for (const auto &column : plan->output->columns)
        if (column.isKey)
            out.keyColumns.push_back(column.name);
    return out;
}

std::vector<TableDefinition>
TransformChain::outputDefinitions(const std::vector<TableDefinition> &tables) const
{
    std::vector<TableDefinition> outputs;
    for (const auto &table : tables) {
        outputs.push_back(outputDefinition(table));
        for (std::size_t i = 0; i + 1 < outputs.size(); ++i)
            if (outputs[i].qualifiedName() == outputs.back().qualifiedName())
                throw TransformError(m_steps.empty() ? 0 : m_steps.size() - 1,
                                     "route sends both " + tables[i].qualifiedName() + " and " +
                                         table.qualifiedName() + " to " +
                                         outputs.back().qualifiedName() +
                                         ": merging tables is not supported");
    }
    return outputs;
}

std::optional<std::string> TransformChain::publicationRowFilter(const TableSchema &table,
                                                                std::string *why) const
{
    auto refuse = [&](const std::string &reason) -> std::optional<std::string> {
        if (why)
            *why = reason;
        return std::nullopt;
    };
    const auto plan = planFor(table);
    if (!plan->filters)
        return refuse("no filter applies to it");
    // The filters that see the table's own columns, as the publication does: those before any
    // other step (a mask changes values, a route names, a select columns). Pushing those down
    // is enough: the server then sends fewer rows, which the chain filters all the same.
    const std::string schema = table.schema, name = table.name;
    std::vector<std::string> parts;
    for (std::size_t s = 0; s < m_steps.size(); ++s) {
        const TransformConfig &step = m_steps[s];
        if (!appliesTo(step, schema, name))
            continue;
        if (step.type != "filter") {
            if (parts.empty())
                return refuse("a " + step.type + " comes before its filter");
            break;
        }
        std::vector<ViewColumn> view;
        for (std::size_t i = 0; i < table.columns.size(); ++i)
            view.push_back({i, table.columns[i].name});
        const auto lookup = lookupIn(view, table);
        for (const auto &column : m_filters[s]->columns()) {
            const auto found = lookup(column);
            if (found && table.replicaIdentity != 'f' && !table.columns[found->index].isKey)
                return refuse(column + " is not part of the replica identity, which PostgreSQL "
                                       "requires of a row filter on updates and deletes");
        }
        std::string reason;
        const auto sql = m_filters[s]->toSql(
            [&](const std::string &column) { return table.columns[lookup(column)->index].name; },
            lookup, &reason);
        if (!sql)
            return refuse(reason);
        parts.push_back(*sql);
    }
    std::string joined;
    for (const auto &part : parts)
        joined += (joined.empty() ? "" : " AND ") + part;
    return joined;
}

std::shared_ptr<TablePlan> checkMasks(const TransformChain &chain, const TableSchema &table)
{
    auto plan = chain.planFor(table);
    const auto unmasked = chain.unmaskedPii(table, plan.get());
    if (unmasked.empty())
        return plan;
    std::string list;
    for (const auto &column : unmasked)
        list += (list.empty() ? "" : ", ") + column;
    throw PermanentError("tagged as personal data but masked by no transform: " + list +
                         ". Add a mask step for them (tagged: [pii:*] masks every tagged "
                         "column), or name them in allow_unmasked");
}

} // namespace syncline::transform
