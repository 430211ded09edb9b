#pragma once

#include <string>
#include <utility>
#include <vector>

namespace syncline::cli {

// The one description of syncline's commands and options: the option parser, --help and the
// man pages (man_page.h) are all made from it.
struct OptionDoc
{
    std::string flag;  // "--table"
    std::string alias; // "-v", or empty
    std::string value; // what it takes ("schema.table"), empty for a switch
    std::string help;
};

// A list of its own under a command's help: dlq's actions, its filters.
struct ItemList
{
    std::string heading;
    std::vector<std::pair<std::string, std::string>> items; // name, what it does
};

struct CommandDoc
{
    std::string name;
    std::string arguments;   // after "syncline <name>" in the synopsis
    std::string summary;     // one line, for syncline --help
    std::string description; // paragraphs separated by blank lines
    std::vector<ItemList> lists;
    std::vector<OptionDoc> options;
    bool needsFile = true; // takes a pipeline file
};

// Every command, in the order syncline --help lists them.
const std::vector<CommandDoc> &commandReference();
const CommandDoc *findCommand(const std::string &name);
// The option as some command documents it (by flag or alias); nullptr when none does.
const OptionDoc *findOption(const CommandDoc &command, const std::string &arg);
const OptionDoc *findAnyOption(const std::string &arg);
// The options every command takes (-h, --version), and the exit codes.
const std::vector<OptionDoc> &globalOptions();
const std::vector<std::pair<int, std::string>> &exitCodes();

// syncline --help.
std::string usageText();
// syncline <command> --help.
std::string commandHelp(const CommandDoc &command);

} // namespace syncline::cli
