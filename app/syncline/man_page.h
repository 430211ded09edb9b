#pragma once

#include "command_reference.h"

#include <string>

namespace syncline::cli {

// A command's man page in roff (man(7) macros), from the command reference: syncline(1) for
// nullptr, syncline-<command>(1) otherwise.
std::string manPage(const CommandDoc *command, const std::string &version);

} // namespace syncline::cli
