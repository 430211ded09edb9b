#include "config/pipeline_document.h"

#include <algorithm>

namespace syncline {

DocumentValue DocumentValue::scalar(std::string text)
{
    return {.shape = Shape::Scalar, .text = std::move(text)};
}

DocumentValue DocumentValue::list(std::vector<std::string> items)
{
    return {.shape = Shape::List, .items = std::move(items)};
}

DocumentValue DocumentValue::map(std::vector<std::pair<std::string, std::string>> pairs)
{
    return {.shape = Shape::Map, .pairs = std::move(pairs)};
}

DocumentValue DocumentValue::yaml(std::string text)
{
    return {.shape = Shape::Yaml, .text = std::move(text)};
}

bool DocumentEntry::operator==(const DocumentEntry &other) const
{
    return key == other.key && value == other.value;
}

const DocumentValue *DocumentSection::find(std::string_view key) const
{
    const auto it = std::find_if(entries.begin(), entries.end(),
                                 [&](const DocumentEntry &entry) { return entry.key == key; });
    return it == entries.end() ? nullptr : &it->value;
}

std::string DocumentSection::text(std::string_view key) const
{
    const DocumentValue *value = find(key);
    return value && value->shape == DocumentValue::Shape::Scalar ? value->text : std::string();
}

void DocumentSection::set(std::string key, DocumentValue value)
{
    for (auto &entry : entries) {
        if (entry.key == key) {
            entry.value = std::move(value);
            return;
        }
    }
    entries.push_back({std::move(key), std::move(value)});
}

bool DocumentSection::remove(std::string_view key)
{
    return std::erase_if(entries, [&](const DocumentEntry &entry) { return entry.key == key; }) > 0;
}

} // namespace syncline
