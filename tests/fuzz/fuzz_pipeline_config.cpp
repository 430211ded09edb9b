// libFuzzer target: pipeline files, read as `syncline validate --offline` reads them and as the
// console's designer does. The designer's text must be stable: a document written, read and
// written again comes out as the same text.

#include "config/config_loader.h"
#include "config/pipeline_yaml_reader.h"
#include "config/pipeline_yaml_writer.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace syncline;

namespace {

// Relative secret files ("file:token") resolve into a directory that does not exist.
const std::filesystem::path kFile = "/nonexistent/syncline-fuzz/pipeline.yaml";

void validate(std::string_view yaml)
{
    const auto result = parsePipelineConfig(yaml, kFile);
    if (const auto *errors = std::get_if<std::vector<ConfigError>>(&result)) {
        for (const auto &error : *errors)
            error.toString();
    }
}

void expectStableText(std::string_view yaml)
{
    const auto document = readPipelineYaml(yaml, kFile);
    if (!std::holds_alternative<PipelineDocument>(document))
        return;
    const std::string written = writePipelineYaml(std::get<PipelineDocument>(document));
    const auto reread = readPipelineYaml(written, kFile);
    if (!std::holds_alternative<PipelineDocument>(reread) ||
        writePipelineYaml(std::get<PipelineDocument>(reread)) != written) {
        std::fprintf(stderr, "the designer's text changes when read and written again:\n%s\n",
                     written.c_str());
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view yaml(reinterpret_cast<const char *>(data), size);
    validate(yaml);
    expectStableText(yaml);
    return 0;
}
