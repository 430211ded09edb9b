#include "config/value_expander.h"

#include "config/diagnostics.h"
#include "config/text_file.h"

#include <cstdlib>

namespace syncline {

namespace {

// Enough for a bundle of PEM certificates.
constexpr std::size_t kMaxSecretFileBytes = 1 << 20;

bool isVariableName(std::string_view name)
{
    if (name.empty() || (name.front() >= '0' && name.front() <= '9'))
        return false;
    for (char c : name) {
        const bool ok =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

std::optional<std::string> expandEnvironment(std::string_view text, std::string_view property,
                                             SourceMark at, Diagnostics &diagnostics)
{
    const std::string where = " in '" + std::string(property) + "'";
    std::string out;
    bool failed = false;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.substr(i, 3) == "$${") {
            out += "${";
            i += 3;
            continue;
        }
        if (text.substr(i, 2) != "${") {
            out += text[i++];
            continue;
        }
        const std::size_t close = text.find('}', i + 2);
        if (close == std::string_view::npos) {
            diagnostics.error(at,
                              "unterminated '${'" + where + " (write '$${' for a literal '${')");
            return std::nullopt;
        }
        const std::string name(text.substr(i + 2, close - i - 2));
        i = close + 1;
        if (!isVariableName(name)) {
            diagnostics.error(at, "invalid environment variable name '" + name + "'" + where);
            failed = true;
        } else if (const char *value = std::getenv(name.c_str())) {
            out += value;
        } else {
            diagnostics.error(at, "environment variable '" + name + "' is not set" + where);
            failed = true;
        }
    }
    if (failed)
        return std::nullopt;
    return out;
}

std::optional<std::string> resolveSecretFile(std::string value, std::string_view property,
                                             const std::filesystem::path &baseDir, SourceMark at,
                                             Diagnostics &diagnostics)
{
    constexpr std::string_view prefix = "file:";
    if (!value.starts_with(prefix))
        return value;
    const std::filesystem::path path = (baseDir / value.substr(prefix.size())).lexically_normal();
    TextFile file = readTextFile(path, kMaxSecretFileBytes);
    if (!file.ok) {
        diagnostics.error(at, "cannot read the secret file '" + path.string() + "' for '" +
                                  std::string(property) + "': " + file.error);
        return std::nullopt;
    }
    while (!file.content.empty() && (file.content.back() == '\n' || file.content.back() == '\r'))
        file.content.pop_back();
    return std::move(file.content);
}

} // namespace syncline
