#include "command_reference.h"
#include "commands.h"

#include "dlq/dead_letter_store.h"
#include "dlq/replayer.h"
#include "pipeline/connector_factory.h"
#include "transport/kafka/dead_letter_import.h"
#include "util/json.h"
#include "util/time_text.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>

namespace syncline::cli {
namespace {

using namespace syncline::dlq;

std::string dlqUsage()
{
    return commandHelp(*findCommand("dlq"));
}

struct DlqOptions
{
    std::string action;
    std::string file;
    DeadLetterFilter filter;
    bool all = false;
    bool dryRun = false;
    bool json = false;
    double rate = 0;
    int loopGuard = 3;
    int limit = -1;
    std::string editFile;
    std::string topic;
    std::string brokers;
};

// Parses the arguments after "dlq"; prints the problem and returns nullopt on bad input.
std::optional<DlqOptions> parse(int argc, char **argv)
{
    DlqOptions options;
    auto fail = [](const std::string &message) -> std::optional<DlqOptions> {
        std::cerr << "syncline dlq: " << message << "\n\n" << dlqUsage();
        return std::nullopt;
    };
    const std::map<std::string, std::string *> textOptions = {
        {"--sink", &options.filter.sink},        {"--table", &options.filter.table},
        {"--class", &options.filter.errorClass}, {"--since", &options.filter.since},
        {"--until", &options.filter.until},      {"--text", &options.filter.text},
        {"--file", &options.editFile},           {"--topic", &options.topic},
        {"--brokers", &options.brokers},
    };
    for (int i = 0; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool hasValue = i + 1 < argc;
        try {
            if (auto it = textOptions.find(arg); it != textOptions.end()) {
                if (!hasValue)
                    return fail(arg + " needs a value");
                *it->second = argv[++i];
            } else if (arg == "--status") {
                if (!hasValue)
                    return fail("--status needs a value");
                const auto status = statusFromName(argv[++i]);
                if (!status)
                    return fail(std::string("unknown status ") + argv[i]);
                options.filter.statuses.push_back(*status);
            } else if (arg == "--id") {
                if (!hasValue)
                    return fail("--id needs a value");
                std::stringstream ids(argv[++i]);
                for (std::string id; std::getline(ids, id, ',');)
                    options.filter.ids.push_back(std::stoll(id));
            } else if (arg == "--rate" && hasValue) {
                options.rate = std::stod(argv[++i]);
            } else if (arg == "--loop-guard" && hasValue) {
                options.loopGuard = std::stoi(argv[++i]);
            } else if (arg == "--limit" && hasValue) {
                options.limit = std::stoi(argv[++i]);
            } else if (arg == "--all") {
                options.all = true;
            } else if (arg == "--dry-run") {
                options.dryRun = true;
            } else if (arg == "--json") {
                options.json = true;
            } else if (arg == "-h" || arg == "--help") {
                std::cout << dlqUsage();
                std::exit(Success);
            } else if (arg.starts_with("-")) {
                return fail("unknown option " + arg);
            } else if (options.action.empty()) {
                options.action = arg;
            } else if (options.file.empty()) {
                options.file = arg;
            } else {
                return fail("unexpected argument " + arg);
            }
        } catch (const std::exception &) {
            return fail("bad number for " + arg);
        }
    }
    static const std::vector<std::string> actions = {"list", "show",  "replay", "discard",
                                                     "edit", "audit", "import"};
    if (std::find(actions.begin(), actions.end(), options.action) == actions.end())
        return fail(options.action.empty() ? "which action?" : "unknown action " + options.action);
    if (options.file.empty())
        return fail("which pipeline file?");
    const bool changes = options.action == "replay" || options.action == "discard";
    const bool filtered = !options.filter.describe().starts_with("all");
    if (changes && !filtered && !options.all)
        return fail(options.action + " needs a filter, or --all for every dead letter");
    if ((options.action == "show" || options.action == "edit") && options.filter.ids.size() != 1)
        return fail(options.action + " needs --id N");
    if (options.action == "edit" && options.editFile.empty())
        return fail("edit needs --file F (- for standard input)");
    if (options.action == "import" && (options.topic.empty() || options.filter.sink.empty()))
        return fail("import needs --topic T and --sink S (the sink whose target replays apply to)");
    if (options.loopGuard < 1 || options.rate < 0)
        return fail("--loop-guard must be at least 1 and --rate not negative");
    return options;
}

std::string letterJson(const DeadLetter &letter)
{
    std::string json =
        "{\"id\": " + std::to_string(letter.id) + ", \"sink\": " + jsonQuoted(letter.sink) +
        ", \"event_id\": " + jsonQuoted(letter.eventId) +
        ", \"status\": " + jsonQuoted(statusName(letter.status)) +
        ", \"table\": " + jsonQuoted(letter.table) + ", \"key\": " + letter.key +
        ", \"error_class\": " + jsonQuoted(letter.errorClass) +
        ", \"sqlstate\": " + jsonQuoted(letter.sqlstate) +
        ", \"message\": " + jsonQuoted(letter.message) +
        ", \"attempts\": " + std::to_string(letter.attempts) +
        ", \"first_failed_at\": " + jsonQuoted(letter.firstFailedAt) +
        ", \"dead_lettered_at\": " + jsonQuoted(letter.deadLetteredAt) +
        ", \"replay_count\": " + std::to_string(letter.replayCount) +
        ", \"last_replay_at\": " + jsonQuoted(letter.lastReplayAt) +
        ", \"last_replay_error\": " + jsonQuoted(letter.lastReplayError) +
        ", \"held_behind\": " + (letter.heldBehind ? std::to_string(*letter.heldBehind) : "null") +
        ", \"source_lsn\": " + jsonQuoted(letter.sourceLsn) +
        ", \"source_txid\": " + std::to_string(letter.sourceTxid) + ", \"value\": " + letter.value +
        ", \"edited_value\": " + (letter.edited ? *letter.edited : "null") + '}';
    return json;
}

std::string oneLine(std::string text, std::size_t width)
{
    for (char &c : text)
        if (c == '\n')
            c = ' ';
    return text.size() > width ? text.substr(0, width - 1) + "…" : text;
}

int list(DeadLetterStore &store, const DlqOptions &options)
{
    const auto letters = store.list(options.filter, options.limit);
    if (options.json) {
        std::cout << '[';
        for (std::size_t i = 0; i < letters.size(); ++i)
            std::cout << (i ? ",\n " : "") << letterJson(letters[i]);
        std::cout << "]\n";
        return Success;
    }
    if (letters.empty()) {
        std::cout << "no dead letters match (" << options.filter.describe() << ")\n";
        return Success;
    }
    for (const auto &count : store.countByClass(options.filter))
        std::cout << count.count << ' ' << count.errorClass << '\n';
    std::cout << '\n';
    for (const auto &letter : letters)
        std::cout << '#' << letter.id << "  " << statusName(letter.status) << "  "
                  << letter.deadLetteredAt << "  " << letter.sink << "  " << letter.table << ' '
                  << letter.key << "  " << letter.errorClass << "  attempts " << letter.attempts
                  << ", replays " << letter.replayCount << "\n    " << oneLine(letter.message, 160)
                  << '\n';
    return Success;
}

int show(DeadLetterStore &store, const DlqOptions &options)
{
    const auto letter = store.get(options.filter.ids.front());
    if (!letter) {
        std::cerr << "syncline dlq: no dead letter #" << options.filter.ids.front() << '\n';
        return Failure;
    }
    if (options.json) {
        std::cout << letterJson(*letter) << '\n';
        return Success;
    }
    std::cout << "dead letter #" << letter->id << " (" << statusName(letter->status) << ")\n"
              << "sink:         " << letter->sink << "\ntable:        " << letter->table
              << "\nkey:          " << letter->key << "\nsource:       transaction "
              << letter->sourceTxid << " at " << letter->sourceLsn << " (event " << letter->eventId
              << ")\nerror class:  " << letter->errorClass << " (SQLSTATE " << letter->sqlstate
              << ")\nerror:        " << letter->message << "\nattempts:     " << letter->attempts
              << ", first failed " << letter->firstFailedAt << ", dead-lettered "
              << letter->deadLetteredAt << '\n';
    if (letter->heldBehind)
        std::cout << "held behind:  #" << *letter->heldBehind << '\n';
    std::cout << "replays:      " << letter->replayCount;
    if (!letter->lastReplayAt.empty())
        std::cout << ", last " << letter->lastReplayAt
                  << (letter->lastReplayError.empty() ? "" : ": " + letter->lastReplayError);
    std::cout << "\nchange:       " << letter->value << '\n';
    if (letter->edited)
        std::cout << "edited:       " << *letter->edited << '\n';
    return Success;
}

int replay(DeadLetterStore &store, const PipelineConfig &config, const DlqOptions &options)
{
    Replayer replayer(config, store, makeReplayTarget);
    ReplayOptions replayOptions;
    replayOptions.dryRun = options.dryRun;
    replayOptions.maxPerSecond = options.rate;
    replayOptions.loopGuard = options.loopGuard;
    const auto results =
        replayer.replay(options.filter, replayOptions, [&](const ReplayResult &result, int, int) {
            if (!options.json)
                std::cout << '#' << result.id << "  " << outcomeName(result.outcome)
                          << (result.detail.empty() ? "" : "  " + result.detail) << '\n';
            return true;
        });
    bool failed = false;
    if (options.json)
        std::cout << '[';
    for (std::size_t i = 0; i < results.size(); ++i) {
        const auto &result = results[i];
        failed = failed || result.outcome == ReplayResult::Outcome::Failed;
        if (options.json)
            std::cout << (i ? ",\n " : "") << "{\"id\": " << result.id
                      << ", \"outcome\": " << jsonQuoted(outcomeName(result.outcome))
                      << ", \"detail\": " << jsonQuoted(result.detail) << '}';
    }
    if (options.json)
        std::cout << "]\n";
    else if (results.empty())
        std::cout << "no dead letters match (" << options.filter.describe() << ")\n";
    return failed ? Failure : Success;
}

int discard(DeadLetterStore &store, const PipelineConfig &config, const DlqOptions &options)
{
    Replayer replayer(config, store, makeReplayTarget);
    const int count = replayer.discard(options.filter, {}, options.dryRun);
    std::cout << (options.dryRun ? "would discard " : "discarded ") << count << " dead letter"
              << (count == 1 ? "" : "s") << '\n';
    return Success;
}

int edit(DeadLetterStore &store, const PipelineConfig &config, const DlqOptions &options)
{
    std::string envelope;
    if (options.editFile == "-") {
        envelope.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
        std::ifstream in(options.editFile);
        if (!in) {
            std::cerr << "syncline dlq: cannot read " << options.editFile << '\n';
            return BadInput;
        }
        envelope.assign(std::istreambuf_iterator<char>(in), {});
    }
    try {
        Replayer(config, store, makeReplayTarget).edit(options.filter.ids.front(), envelope, {});
    } catch (const std::exception &error) {
        std::cerr << "syncline dlq: " << error.what() << '\n';
        return BadInput;
    }
    std::cout << "dead letter #" << options.filter.ids.front()
              << " edited; replay it with: syncline dlq replay " << options.file << " --id "
              << options.filter.ids.front() << '\n';
    return Success;
}

int audit(DeadLetterStore &store, const DlqOptions &options)
{
    const auto entries = store.audit(options.limit);
    if (options.json)
        std::cout << '[';
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto &entry = entries[i];
        if (options.json)
            std::cout << (i ? ",\n " : "") << "{\"id\": " << entry.id
                      << ", \"at\": " << jsonQuoted(entry.at)
                      << ", \"actor\": " << jsonQuoted(entry.actor)
                      << ", \"action\": " << jsonQuoted(entry.action)
                      << ", \"filter\": " << jsonQuoted(entry.filter)
                      << ", \"dry_run\": " << (entry.dryRun ? "true" : "false")
                      << ", \"affected\": " << entry.affected
                      << ", \"detail\": " << jsonQuoted(entry.detail) << '}';
        else
            std::cout << entry.at << "  " << entry.actor << "  " << entry.action
                      << (entry.dryRun ? " (dry run)" : "") << "  " << entry.filter << "  "
                      << entry.affected << "  " << oneLine(entry.detail, 120) << '\n';
    }
    if (options.json)
        std::cout << "]\n";
    return Success;
}

int importTopic(DeadLetterStore &store, const PipelineConfig &config, const DlqOptions &options)
{
    kafka::BrowseConnection connection;
    connection.bootstrap = options.brokers.empty() ? config.transport.brokers : options.brokers;
    if (options.brokers.empty()) {
        if (!config.transport.isKafka() || config.transport.isEmbeddedKafka()) {
            std::cerr << "syncline dlq: which brokers? The pipeline's transport is not a Kafka "
                         "cluster this command can reach; give --brokers\n";
            return BadInput;
        }
        connection.properties = config.transport.properties;
    }
    const auto sinkKnown =
        std::any_of(config.sinks.begin(), config.sinks.end(),
                    [&](const auto &sink) { return sink.name == options.filter.sink; });
    if (!sinkKnown) {
        std::cerr << "syncline dlq: the pipeline has no sink " << options.filter.sink << '\n';
        return BadInput;
    }
    const auto result =
        kafka::importDeadLetterTopic(connection, options.topic, options.filter.sink, store,
                                     kafka::BrowseClock::now() + std::chrono::seconds(60));
    AuditEntry entry;
    entry.at = isoUtcNow();
    entry.actor = Replayer::currentActor();
    entry.action = "import";
    entry.sink = options.filter.sink;
    entry.filter = "topic=" + options.topic;
    entry.affected = result.imported;
    entry.detail = std::to_string(result.alreadyKnown) + " already known, " +
                   std::to_string(result.skipped) + " not dead letters";
    store.appendAudit(entry);
    std::cout << "imported " << result.imported << " dead letters from " << options.topic << " ("
              << entry.detail << ")\n";
    switch (result.outcome) {
    case kafka::BrowseOutcome::EndOfData:
    case kafka::BrowseOutcome::Done:
        return Success;
    default:
        std::cerr << "syncline dlq: the topic was not read to its end"
                  << (result.error.empty() ? std::string() : ": " + result.error)
                  << "; importing again carries on without duplicates\n";
        return Failure;
    }
}

} // namespace

int deadLetters(int argc, char **argv)
{
    const auto options = parse(argc, argv);
    if (!options)
        return BadInput;
    const auto config = loadOrReport(options->file);
    if (!config)
        return BadInput;
    try {
        DeadLetterStore store(DeadLetterStore::fileIn(config->stateDir));
        if (options->action == "list")
            return list(store, *options);
        if (options->action == "show")
            return show(store, *options);
        if (options->action == "replay")
            return replay(store, *config, *options);
        if (options->action == "discard")
            return discard(store, *config, *options);
        if (options->action == "edit")
            return edit(store, *config, *options);
        if (options->action == "import")
            return importTopic(store, *config, *options);
        return audit(store, *options);
    } catch (const std::exception &error) {
        std::cerr << "syncline dlq: " << error.what() << '\n';
        return Failure;
    }
}

} // namespace syncline::cli
