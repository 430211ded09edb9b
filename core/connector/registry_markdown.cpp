#include "connector/registry.h"

#include "config/duration.h"

#include <sstream>

namespace syncline {

namespace {

// Inside GitHub-flavoured Markdown tables a '|' ends the cell, even within a code span.
std::string escapeCell(std::string_view text)
{
    std::string out;
    for (char c : text) {
        if (c == '|')
            out += '\\';
        out += c;
    }
    return out;
}

std::string code(std::string_view text)
{
    return "`" + escapeCell(text) + "`";
}

// Plain text in a cell: '<' would open an HTML tag.
std::string prose(std::string_view text)
{
    std::string out;
    for (char c : escapeCell(text)) {
        if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else
            out += c;
    }
    return out;
}

std::string typeCell(const PropertySpec &spec)
{
    std::string cell(typeName(spec));
    if (spec.type == PropertyType::Connector || spec.type == PropertyType::ConnectorList)
        cell += " (" + std::string(kindName(spec.connectorKind)) + ")";
    else if (spec.type == PropertyType::StringMap)
        cell += " (name: value)";
    else if (spec.type == PropertyType::Section)
        cell += " (see below)";
    return cell;
}

std::string descriptionCell(const PropertySpec &spec)
{
    std::string cell = prose(spec.doc);
    if (!spec.allowedValues.empty()) {
        cell += " One of";
        for (std::size_t i = 0; i < spec.allowedValues.size(); ++i)
            cell += (i == 0 ? " " : ", ") + code(spec.allowedValues[i]);
        cell += ".";
    }
    if (spec.minimum && spec.type == PropertyType::Duration)
        cell += " At least " + code(durationText(*spec.minimum)) + ".";
    else if (spec.minimum)
        cell += " At least " + std::to_string(*spec.minimum) + ".";
    if (!spec.pattern.empty())
        cell += " Matches " + code(spec.pattern) + ".";
    if (spec.minItems > 0)
        cell += " At least " + std::to_string(spec.minItems) + " entry.";
    if (spec.secret && spec.type == PropertyType::StringMap)
        cell += " Secret: values are never shown in messages; each may be given as " +
                code("file:<path>") + ".";
    else if (spec.secret)
        cell += " Secret: never shown in messages; may be given as " + code("file:<path>") + ".";
    return cell;
}

void renderTable(std::ostringstream &out, const std::vector<PropertySpec> &properties)
{
    out << "| Property | Type | Default | Required | Description |\n"
        << "|---|---|---|---|---|\n";
    for (const auto &spec : properties) {
        out << "| " << code(spec.name) << " | " << typeCell(spec) << " | "
            << (spec.defaultText.empty() ? std::string() : code(spec.defaultText)) << " | "
            << (spec.required ? "yes" : "no") << " | " << descriptionCell(spec) << " |\n";
    }
}

std::string capitalized(std::string_view text)
{
    std::string out(text);
    if (!out.empty() && out.front() >= 'a' && out.front() <= 'z')
        out.front() = char(out.front() - 'a' + 'A');
    return out;
}

} // namespace

std::string renderRegistryMarkdown()
{
    std::ostringstream out;
    out << "## Pipeline file\n\n"
        << "String values may reference environment variables as `${NAME}` (`$${` is a literal "
           "`${`). A secret may be given as `file:<path>`; the file's content is used, without "
           "its trailing newline.\n\n";
    renderTable(out, pipelineProperties());
    for (const auto &section : pipelineProperties()) {
        if (section.type != PropertyType::Section)
            continue;
        out << "\n### " << code(section.name) << "\n\n" << prose(section.doc) << "\n\n";
        renderTable(out, section.fields);
    }
    for (const auto &spec : connectorSpecs()) {
        out << "\n### " << capitalized(kindName(spec.kind)) << " " << code(spec.type) << "\n\n"
            << prose(spec.doc) << "\n\n";
        renderTable(out, spec.properties);
    }
    return out.str();
}

} // namespace syncline
