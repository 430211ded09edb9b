#include "config/transform_sections.h"

#include "config/diagnostics.h"

#include <yaml-cpp/yaml.h>

namespace syncline {

std::optional<TransformConfig> transformConfig(const ConnectorSection &section,
                                               const YAML::Node &item, Diagnostics &diagnostics)
{
    const PropertyValues &values = section.values;
    TransformConfig step;
    step.type = section.spec->type;
    step.mark = section.mark;
    step.tables = values.list("tables");
    step.columns = values.list("columns");
    if (const PropertyValue *columns = values.find("columns"))
        step.columnMarks = columns->itemMarks;
    if (step.type == "select") {
        step.include = values.list("include");
        step.exclude = values.list("exclude");
        if (step.include.empty() && step.exclude.empty()) {
            diagnostics.error(section.mark, "a select needs include (the columns kept), exclude "
                                            "(the columns left out) or both");
            return std::nullopt;
        }
        return step;
    }
    if (step.type == "filter") {
        step.where = values.text("where");
        if (const PropertyValue *where = values.find("where")) {
            step.whereMark = where->valueMark;
            // The text starts after the quote of a quoted scalar.
            if (item["where"].Tag() == "!")
                step.whereMark.column += 1;
        }
        return step;
    }
    if (step.type == "route") {
        step.to = values.text("to");
        return step;
    }
    step.tagged = values.list("tagged");
    step.types = values.list("types");
    if (step.columns.empty() && step.tagged.empty() && step.types.empty()) {
        diagnostics.error(section.mark, "a mask needs the columns it masks: columns (name "
                                        "patterns), tagged (pii: comment tags), types, or more "
                                        "than one of them");
        return std::nullopt;
    }
    step.with = values.text("with");
    step.keyId = values.text("key_id");
    step.format = values.text("format");
    step.text = values.text("text");
    step.keep = values.integer("keep");
    step.days = values.integer("days");
    step.keepEnd = values.text("from") == "end";
    const bool needsKey =
        step.with == "hash" || step.with == "tokenize" || step.with == "date_shift";
    const auto key = referencedSecret(values, item, "key", diagnostics);
    if (!key && item["key"])
        return std::nullopt; // reported already
    if (needsKey && !key) {
        diagnostics.error(section.mark, "mask with " + step.with +
                                            " needs a key: key: ${ENV_VARIABLE} or key: "
                                            "file:/path/to/key");
        return std::nullopt;
    }
    step.key = key.value_or(std::string());
    return step;
}

} // namespace syncline
