#include "commands.h"

#include "connector/registry.h"

#include <iostream>

namespace syncline::cli {
namespace {

void printProperties(const std::vector<PropertySpec> &properties)
{
    for (const auto &property : properties) {
        std::string usage = property.required              ? "required"
                            : property.defaultText.empty() ? "optional"
                                                           : "default " + property.defaultText;
        if (property.secret)
            usage += ", secret";
        std::string line = "  " + property.name;
        line.resize(std::max<std::size_t>(line.size() + 1, 20), ' ');
        line += std::string(typeName(property));
        line.resize(std::max<std::size_t>(line.size() + 1, 38), ' ');
        line += usage;
        std::string doc = property.doc;
        for (std::size_t i = 0; i < property.allowedValues.size(); ++i)
            doc += (i ? ", " : " One of: ") + property.allowedValues[i];
        std::cout << line << "\n      " << doc << '\n';
    }
}

} // namespace

int connectors(const Options &options)
{
    if (options.markdown) {
        std::cout << renderRegistryMarkdown();
        return Success;
    }
    std::cout << "pipeline file (top level)\n";
    printProperties(pipelineProperties());
    for (const auto &connector : connectorSpecs()) {
        std::cout << '\n'
                  << kindName(connector.kind) << ' ' << connector.type << ": " << connector.doc
                  << '\n';
        printProperties(connector.properties);
    }
    std::cout << "\nsyncline connectors --markdown prints the same as Markdown tables.\n";
    return Success;
}

} // namespace syncline::cli
