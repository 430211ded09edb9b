#include "command_reference.h"

#include <algorithm>

namespace syncline::cli {

namespace {

const OptionDoc kVerbose{"--verbose", "-v", "", "log debug messages too"};
const OptionDoc kJson{"--json", "", "", "print JSON instead of text"};
const OptionDoc kSink{"--sink", "", "sink", "only this sink (repeatable; default: every sink)"};
const OptionDoc kTable{"--table", "", "schema.table",
                       "only this table (repeatable; a bare name means schema public)"};
const OptionDoc kMaxRate{"--max-rows-per-second", "", "N",
                         "read at most N source rows a second, to spare a production source"};

std::vector<CommandDoc> makeReference()
{
    return {
        {"run",
         "<pipeline.yaml>",
         "snapshot if needed, then stream changes until SIGINT/SIGTERM",
         "Runs the pipeline in the foreground. On the first start it takes a consistent "
         "snapshot of the source's tables and loads every sink; from then on it streams each "
         "committed change to the sinks in commit order, applied exactly once in effect.\n\n"
         "SIGINT or SIGTERM stops it after the transaction in hand is committed. A failure of "
         "the source or a sink is retried with backoff; the pipeline's state, dead letters and "
         "history stay in its state_dir, so a restart goes on where it stopped.\n\n"
         "With --metrics, or metrics: listen in the file, it serves the pipeline's metrics in "
         "Prometheus' text format on /metrics.",
         {},
         {{"--metrics", "", "host:port",
           "serve Prometheus metrics on /metrics at this address (127.0.0.1:9187, :9187 for "
           "every interface, port 0 for a free one), instead of the pipeline file's metrics: "
           "listen"},
          kVerbose}},
        {"validate",
         "<pipeline.yaml>",
         "check the file, then the source and sinks (--offline: the file only)",
         "Checks the pipeline file: its YAML, every setting against the connector reference, "
         "the transforms and their filters. Then it connects to the source and each sink and "
         "checks what the pipeline will need: replication settings, privileges, the tables and "
         "their keys, which filters the source evaluates itself.\n\n"
         "Problems in the file are printed as file:line:col and exit with 2.",
         {},
         {{"--offline", "", "", "check the file only: connect to no server"}, kVerbose}},
        {"status",
         "<pipeline.yaml>",
         "replication slot, confirmed position, lag, and each sink's position",
         "Reports where the pipeline stands without stopping it: the source's replication slot "
         "(active, confirmed position, retained WAL, wal_status), each sink's position and its "
         "lag behind the source, and with the kafka transport each sink's consumer lag per "
         "partition.",
         {},
         {kJson, kVerbose}},
        {"snapshot",
         "<pipeline.yaml> --table T [--table T2 ...]",
         "copy these tables again while streaming (no lock beyond a chunk's read)",
         "Asks the running pipeline for an incremental snapshot of the tables: they are copied "
         "again chunk by chunk while changes go on streaming, with no lock held beyond a chunk's "
         "read. The runner picks the request up from the state_dir; the command returns at "
         "once.",
         {},
         {kTable}},
        {"verify",
         "<pipeline.yaml> [--sink S] [--table T ...]",
         "compare each sink's tables with the source while the pipeline streams; exit 3 when "
         "they differ",
         "Compares each sink's copy of the tables with the source, row by row, while the "
         "pipeline streams: a row counts as different only when it stayed different across "
         "rounds in which the source row did not change. Masked and filtered tables are "
         "compared as the transforms output them.\n\n"
         "Exits with 3 when a table differs.",
         {},
         {kSink,
          kTable,
          kJson,
          {"--report", "", "file", "write every difference to the file as JSON lines"},
          kMaxRate,
          kVerbose}},
        {"repair",
         "<pipeline.yaml> [--sink S] [--table T ...]",
         "verify, re-send exactly the rows that differ through the stream, and verify again",
         "Verifies, then sends the rows that differ through the pipeline's own stream again, "
         "so that they are applied in order with the changes around them, and verifies again.\n\n"
         "Exits with 3 when a table still differs.",
         {},
         {kSink,
          kTable,
          {"--dry-run", "", "", "list what would change, change nothing"},
          kMaxRate,
          kVerbose}},
        {"connectors",
         "",
         "every source, transport and sink type with its properties",
         "Prints the connector reference: each source, transport, sink and transform type with "
         "its settings, which are required, their defaults and which are secrets.",
         {},
         {{"--markdown", "", "", "print Markdown tables (as in the README)"}},
         false},
        {"dlq",
         "<action> <pipeline.yaml> [filters] [options]",
         "dead letters: list, show, replay, discard, edit, audit, import",
         "Dead letters are the changes a sink's target kept rejecting, kept in the state_dir "
         "with the reason while the pipeline goes on. Later changes of the same row are held "
         "behind them, so that a replay in order brings the row to the source's state. Every "
         "operator action is recorded in the audit log.",
         {{"actions",
           {{"list", "the matching dead letters, grouped counts by error class first"},
            {"show", "one dead letter in full (--id N): the change, the error, what was done"},
            {"replay", "apply the matching dead letters again, oldest first, row order kept"},
            {"discard", "drop the matching dead letters; later changes of their rows are "
                        "released"},
            {"edit", "replace a dead letter's change before replaying it (--id N --file F, - "
                     "for standard input)"},
            {"audit", "the audit log of every operator action"},
            {"import", "read a dead-letter topic into the store (--sink S --topic T): "
                       "Syncline's own, or one Kafka Connect wrote (__connect.errors.* "
                       "headers); then replay as usual. Brokers and properties come from the "
                       "pipeline's kafka transport, or --brokers B"}}},
          {"filters (combined with AND; replay and discard need at least one, or --all)",
           {{"--sink S", "the sink's dead letters"},
            {"--table schema.table", "the table's"},
            {"--class C", "of this error class"},
            {"--status S", "pending, held, replayed, discarded or quarantined"},
            {"--since ISO-TIME, --until ISO-TIME", "dead-lettered in this time"},
            {"--text SUBSTRING", "whose error message holds the text"},
            {"--id N[,N...]", "these dead letters"},
            {"--all", "every dead letter"}}}},
         {{"--dry-run", "", "", "replay, discard: say what would happen, change nothing"},
          {"--rate", "", "N", "replay: at most N per second"},
          {"--loop-guard", "", "N",
           "replay: quarantine a dead letter after N failed replays (default 3)"},
          {"--limit", "", "N", "list: at most N rows"},
          {"--json", "", "", "list, show, replay, audit: print JSON"}}},
    };
}

std::string pad(std::string text, std::size_t width)
{
    if (text.size() < width)
        text.append(width - text.size(), ' ');
    else
        text = text + '\n' + std::string(width, ' ');
    return text;
}

std::string optionLabel(const OptionDoc &option)
{
    std::string label = option.alias.empty() ? "" : option.alias + ", ";
    label += option.flag;
    if (!option.value.empty())
        label += ' ' + option.value;
    return label;
}

// Wraps a paragraph at `width` columns, each line indented by `indent`.
std::string wrapped(const std::string &text, std::size_t indent, std::size_t width)
{
    std::string out;
    std::string line;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string word = text.substr(start, end - start);
        if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
            out += std::string(indent, ' ') + line + '\n';
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        start = end + 1;
    }
    if (!line.empty())
        out += std::string(indent, ' ') + line + '\n';
    return out;
}

std::string listed(const std::string &label, const std::string &help)
{
    constexpr std::size_t kColumn = 29;
    std::string text = wrapped(help, kColumn, 99);
    return pad("  " + label, kColumn) + text.substr(kColumn);
}

} // namespace

const std::vector<CommandDoc> &commandReference()
{
    static const std::vector<CommandDoc> reference = makeReference();
    return reference;
}

const CommandDoc *findCommand(const std::string &name)
{
    const auto &reference = commandReference();
    const auto it = std::find_if(reference.begin(), reference.end(),
                                 [&](const CommandDoc &command) { return command.name == name; });
    return it == reference.end() ? nullptr : &*it;
}

const OptionDoc *findOption(const CommandDoc &command, const std::string &arg)
{
    for (const auto &option : command.options)
        if (option.flag == arg || (!option.alias.empty() && option.alias == arg))
            return &option;
    return nullptr;
}

const OptionDoc *findAnyOption(const std::string &arg)
{
    for (const auto &command : commandReference())
        if (const OptionDoc *option = findOption(command, arg))
            return option;
    return nullptr;
}

const std::vector<OptionDoc> &globalOptions()
{
    static const std::vector<OptionDoc> options = {
        {"--help", "-h", "", "this text; after a command, the command's own"},
        {"--version", "", "", "the version"}};
    return options;
}

const std::vector<std::pair<int, std::string>> &exitCodes()
{
    static const std::vector<std::pair<int, std::string>> codes = {
        {0, "success"},
        {1, "a failure while running"},
        {2, "bad input: usage, or a problem in the pipeline file (printed as file:line:col)"},
        {3, "verify or repair found differences"}};
    return codes;
}

std::string usageText()
{
    std::string text = "usage: syncline <command> [options] [pipeline.yaml]\n\n"
                       "Keeps databases in sync through change data capture.\n\ncommands:\n";
    for (const auto &command : commandReference())
        text += listed(command.name + (command.arguments.empty() ? "" : " " + command.arguments),
                       command.summary);
    text += "\noptions:\n";
    for (const auto &option : globalOptions())
        text += listed(optionLabel(option), option.help);
    text += "\n'syncline <command> --help' gives a command's options.\n\nexit codes:\n";
    for (const auto &[code, meaning] : exitCodes())
        text += listed(std::to_string(code), meaning);
    return text;
}

std::string commandHelp(const CommandDoc &command)
{
    std::string text = "usage: syncline " + command.name +
                       (command.arguments.empty() ? "" : " " + command.arguments) +
                       (command.options.empty() || command.name == "dlq" ? "" : " [options]") +
                       "\n\n";
    for (std::size_t start = 0; start < command.description.size();) {
        std::size_t end = command.description.find("\n\n", start);
        if (end == std::string::npos)
            end = command.description.size();
        text += wrapped(command.description.substr(start, end - start), 0, 99) + '\n';
        start = end + 2;
    }
    for (const auto &list : command.lists) {
        text += list.heading + ":\n";
        for (const auto &[name, help] : list.items)
            text += listed(name, help);
        text += '\n';
    }
    if (!command.options.empty()) {
        text += "options:\n";
        for (const auto &option : command.options)
            text += listed(optionLabel(option), option.help);
    }
    return text;
}

} // namespace syncline::cli
