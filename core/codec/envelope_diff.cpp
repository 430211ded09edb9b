#include "codec/envelope_diff.h"

#include "codec/debezium_envelope.h"
#include "util/json_value.h"

#include <algorithm>

namespace syncline {

namespace {

// An image: Value rows by name; empty for null or absent; false when it is not an image.
bool readImage(const JsonValue &payload, std::string_view name, std::optional<NamedValues> &image)
{
    const JsonValue *field = payload.find(name);
    if (!field || field->isNull())
        return true;
    if (!field->isObject())
        return false;
    image = debeziumRow(*field);
    return true;
}

std::string sourceText(const JsonValue &payload, std::string_view name)
{
    const JsonValue *source = payload.find("source");
    const JsonValue *field = source ? source->find(name) : nullptr;
    return field && field->isString() ? field->text() : std::string();
}

} // namespace

std::optional<EnvelopeDiff> diffEnvelope(std::string_view json)
{
    JsonValue message;
    try {
        message = JsonValue::parse(json);
    } catch (const JsonError &) {
        return std::nullopt;
    }
    const JsonValue &payload = debeziumPayload(message);
    const JsonValue *op = payload.find("op");
    if (!op || !op->isString() || op->text().size() != 1)
        return std::nullopt;
    std::optional<NamedValues> before, after;
    if (!readImage(payload, "before", before) || !readImage(payload, "after", after) ||
        (!payload.find("before") && !payload.find("after")))
        return std::nullopt;

    EnvelopeDiff diff;
    diff.op = op->text()[0];
    diff.schema = sourceText(payload, "schema");
    if (diff.schema.empty())
        diff.schema = sourceText(payload, "db");
    diff.table = sourceText(payload, "table");
    diff.hasBefore = before.has_value();
    diff.hasAfter = after.has_value();
    auto column = [&](const std::string &name) -> ColumnDiff & {
        auto found = std::find_if(diff.columns.begin(), diff.columns.end(),
                                  [&](const ColumnDiff &c) { return c.name == name; });
        if (found != diff.columns.end())
            return *found;
        diff.columns.push_back({name, {}, {}, false});
        return diff.columns.back();
    };
    for (auto &[name, value] : after.value_or(NamedValues()))
        column(name).after = std::move(value);
    for (auto &[name, value] : before.value_or(NamedValues()))
        column(name).before = std::move(value);
    if (diff.hasBefore && diff.hasAfter)
        for (auto &c : diff.columns)
            c.changed = !(c.after && c.after->isUnchangedToast()) && c.before != c.after;
    return diff;
}

} // namespace syncline
