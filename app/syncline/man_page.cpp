#include "man_page.h"

#include <cctype>

namespace syncline::cli {

namespace {

// Text as roff reads it: backslashes and hyphens escaped, no line opening with a control
// character.
std::string roff(const std::string &text)
{
    std::string out;
    for (char c : text) {
        if (c == '\\')
            out += "\\e";
        else if (c == '-')
            out += "\\-";
        else
            out += c;
    }
    std::string safe;
    std::size_t start = 0;
    while (start <= out.size()) {
        std::size_t end = out.find('\n', start);
        if (end == std::string::npos)
            end = out.size();
        const std::string line = out.substr(start, end - start);
        if (!line.empty() && (line[0] == '.' || line[0] == '\''))
            safe += "\\&";
        safe += line;
        if (end < out.size())
            safe += '\n';
        start = end + 1;
    }
    return safe;
}

std::string paragraphs(const std::string &text)
{
    std::string out;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find("\n\n", start);
        if (end == std::string::npos)
            end = text.size();
        out += (start ? ".PP\n" : "") + roff(text.substr(start, end - start)) + '\n';
        start = end + 2;
    }
    return out;
}

std::string optionItems(const std::vector<OptionDoc> &options)
{
    std::string out;
    for (const auto &option : options) {
        out += ".TP\n";
        if (!option.alias.empty())
            out += "\\fB" + roff(option.alias) + "\\fR, ";
        out += "\\fB" + roff(option.flag) + "\\fR";
        if (!option.value.empty())
            out += " \\fI" + roff(option.value) + "\\fR";
        out += '\n' + roff(option.help) + '\n';
    }
    return out;
}

std::string header(const std::string &name, const std::string &summary, const std::string &version)
{
    std::string upper = name;
    for (char &c : upper)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return ".TH " + upper + " 1 \"\" \"syncline " + version + "\" \"Syncline Manual\"\n.SH NAME\n" +
           roff(name) + " \\- " + roff(summary) + '\n';
}

std::string exitStatus()
{
    std::string out = ".SH EXIT STATUS\n";
    for (const auto &[code, meaning] : exitCodes())
        out += ".TP\n.B " + std::to_string(code) + '\n' + roff(meaning) + '\n';
    return out;
}

} // namespace

std::string manPage(const CommandDoc *command, const std::string &version)
{
    if (!command) {
        std::string page =
            header("syncline", "keeps databases in sync through change data capture", version);
        page += ".SH SYNOPSIS\n.B syncline\n\\fIcommand\\fR [\\fIoptions\\fR] "
                "[\\fIpipeline.yaml\\fR]\n.SH DESCRIPTION\n" +
                paragraphs("Syncline reads the committed changes of a PostgreSQL or MySQL source "
                           "from its log and applies them, in order and exactly once in effect, "
                           "to PostgreSQL, Redis and HTTP sinks, directly or through Kafka. A "
                           "pipeline file (YAML) names the source, the transport, the sinks and "
                           "the transforms between them.\n\n"
                           "On a server, a systemd unit runs /etc/syncline/NAME.yaml as "
                           "syncline@NAME.service, with its state under /var/lib/syncline/NAME.") +
                ".SH COMMANDS\n";
        for (const auto &one : commandReference())
            page += ".TP\n\\fBsyncline " + roff(one.name) + "\\fR " + roff(one.arguments) + '\n' +
                    roff(one.summary) + "; see \\fBsyncline\\-" + roff(one.name) + "\\fR(1)\n";
        page += ".SH OPTIONS\n" + optionItems(globalOptions()) + exitStatus() + ".SH SEE ALSO\n";
        for (std::size_t i = 0; i < commandReference().size(); ++i)
            page += std::string(i ? ",\n" : "") + "\\fBsyncline\\-" +
                    roff(commandReference()[i].name) + "\\fR(1)";
        return page + '\n';
    }
    std::string page = header("syncline-" + command->name, command->summary, version);
    std::string synopsis = roff(command->arguments);
    if (!command->options.empty() && command->name != "dlq")
        synopsis += std::string(synopsis.empty() ? "" : " ") + "[\\fIoptions\\fR]";
    page += ".SH SYNOPSIS\n.B syncline " + roff(command->name) + '\n' +
            (synopsis.empty() ? "" : synopsis + '\n') + ".SH DESCRIPTION\n" +
            paragraphs(command->description);
    for (const auto &list : command->lists) {
        std::string heading = list.heading.substr(0, list.heading.find(" ("));
        for (char &c : heading)
            c = char(std::toupper(static_cast<unsigned char>(c)));
        page += ".SH " + roff(heading) + '\n';
        if (heading.size() < list.heading.size())
            page += roff(list.heading.substr(heading.size() + 2,
                                             list.heading.size() - heading.size() - 3)) +
                    ".\n";
        for (const auto &[name, help] : list.items)
            page += ".TP\n\\fB" + roff(name) + "\\fR\n" + roff(help) + '\n';
    }
    if (!command->options.empty())
        page += ".SH OPTIONS\n" + optionItems(command->options);
    return page + exitStatus() + ".SH SEE ALSO\n\\fBsyncline\\fR(1)\n";
}

} // namespace syncline::cli
