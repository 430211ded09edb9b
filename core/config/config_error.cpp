#include "config/config_error.h"

namespace syncline {

std::string ConfigError::toString() const
{
    std::string text = file.string();
    if (line > 0) {
        text += ':' + std::to_string(line);
        if (column > 0)
            text += ':' + std::to_string(column);
    }
    return text + ": error: " + message;
}

} // namespace syncline
