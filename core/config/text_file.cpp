#include "config/text_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace syncline {

TextFile readTextFile(const std::filesystem::path &path, std::size_t maxBytes)
{
    struct Closer
    {
        void operator()(std::FILE *file) const { std::fclose(file); }
    };
    errno = 0;
    const std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "rb"));
    if (!file)
        return {.error = std::strerror(errno)};

    TextFile result{.ok = true};
    char buffer[4096];
    std::size_t count = 0;
    while ((count = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
        if (count > maxBytes - result.content.size())
            return {.error = "larger than " + std::to_string(maxBytes) + " bytes"};
        result.content.append(buffer, count);
    }
    if (std::ferror(file.get()))
        return {.error = std::strerror(errno)};
    return result;
}

} // namespace syncline
