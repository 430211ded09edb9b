#include "config/document_transforms.h"

namespace syncline {

namespace {

// A list's items; a scalar written where a list belongs counts as one item.
std::vector<std::string> itemsOf(const DocumentSection &section, std::string_view key)
{
    const DocumentValue *value = section.find(key);
    if (!value)
        return {};
    if (value->shape == DocumentValue::Shape::List)
        return value->items;
    if (value->shape == DocumentValue::Shape::Scalar && !value->text.empty())
        return {value->text};
    return {};
}

} // namespace

std::vector<TransformConfig> transformSelections(const PipelineDocument &document)
{
    std::vector<TransformConfig> steps;
    for (const auto &section : document.transforms) {
        TransformConfig step;
        if (section.find("type"))
            step.type = section.text("type");
        step.tables = itemsOf(section, "tables");
        step.columns = itemsOf(section, "columns");
        step.tagged = itemsOf(section, "tagged");
        step.types = itemsOf(section, "types");
        step.include = itemsOf(section, "include");
        step.exclude = itemsOf(section, "exclude");
        step.where = section.text("where");
        step.to = section.text("to");
        step.with = section.text("with");
        step.mark = section.mark;
        steps.push_back(std::move(step));
    }
    return steps;
}

std::vector<std::string> allowUnmaskedOf(const PipelineDocument &document)
{
    return itemsOf(document.top, "allow_unmasked");
}

} // namespace syncline
