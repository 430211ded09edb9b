#include "commands.h"

#include "config/config_error.h"
#include "model/table_definition.h"
#include "pg/connection.h"
#include "pipeline/connector_factory.h"
#include "source/postgres/ddl_capture.h"
#include "source/postgres/source_catalog.h"
#include "source/postgres/source_tables.h"
#include "transform/transform_chain.h"
#include "util/errors.h"

#include <algorithm>
#include <iostream>

namespace syncline::cli {

// The transforms against the source's tables as they are: a step that cannot apply to one (a
// mask for a column that cannot hold its output, a key column left out, a filter over a column
// the table lacks), a column tagged pii: that nothing masks. Reported at the step (or the file).
// Says which filters the publication evaluates (pushed down) and which Syncline does. `targets`:
// the tables as the sinks receive them, when the steps could make them.
static int checkTransforms(const PipelineConfig &config, const std::vector<TableDefinition> &tables,
                           std::vector<TableDefinition> &targets)
{
    const transform::TransformChain chain(config.transforms, config.allowUnmasked);
    int exitCode = Success;
    auto report = [&](SourceMark at, const std::string &message) {
        std::cerr << ConfigError{config.file, at.line, at.column, message}.toString() << '\n';
        exitCode = BadInput;
    };
    const SourceMark first =
        config.transforms.empty() ? SourceMark{} : config.transforms.front().mark;
    for (const auto &table : tables) {
        try {
            transform::checkMasks(chain, table.toSchema());
        } catch (const transform::TransformError &error) {
            report(config.transforms[error.step].mark, error.what());
            continue;
        } catch (const PermanentError &error) {
            report(first, error.what());
            continue;
        }
        if (!chain.filters())
            continue;
        std::string why;
        if (config.source.type == "postgres" && chain.publicationRowFilter(table.toSchema(), &why))
            std::cout << "filter: " << table.qualifiedName()
                      << ": pushed down to the publication's row filter (PostgreSQL 15 or later)\n";
        else if (why != "no filter applies to it")
            std::cout << "filter: " << table.qualifiedName() << ": evaluated by Syncline"
                      << (why.empty() ? "" : " (" + why + ")") << '\n';
    }
    try {
        targets = chain.outputDefinitions(tables);
    } catch (const transform::TransformError &error) {
        report(config.transforms[error.step].mark, error.what());
    }
    return exitCode;
}

// The checks that need the servers: logical decoding on the source, every table capturable,
// every sink reachable. Table problems are reported at the `tables:` line of the file.
// Any other engine: its source's prepare() checks the server and the tables, and names every
// problem at once.
static int checkOtherSource(const PipelineConfig &config, std::vector<TableDefinition> &targets)
{
    try {
        const auto tables = makeSource(config.source, config.stateDir)->prepare();
        std::cout << "source: " << config.source.type << " server ready for capture\n";
        return checkTransforms(config, tables, targets);
    } catch (const PermanentError &error) {
        std::cerr << config.file.string() << ": error: source: " << error.what() << '\n';
        return BadInput;
    } catch (const std::exception &error) {
        std::cerr << config.file.string() << ": error: source: " << error.what() << '\n';
        return Failure;
    }
}

static int checkSource(const PipelineConfig &config, std::vector<TableDefinition> &targets)
{
    if (config.source.type != "postgres")
        return checkOtherSource(config, targets);
    int exitCode = Success;
    try {
        auto conn = pg::Connection::open(config.source.dsn, pg::Connection::Mode::Normal,
                                         "syncline validate");
        SourceCatalog catalog(conn);
        catalog.checkServerSupportsLogicalReplication();
        const auto tables = expandTableEntries(config.source.tables, listSourceTables(conn));
        for (const auto &entry : config.source.tables)
            if (isTablePattern(entry))
                std::cout << "tables: " << entry << " matches "
                          << std::count_if(
                                 tables.begin(), tables.end(),
                                 [&](const auto &t) { return matchesTableEntry(entry, t); })
                          << " tables now; tables created later that match are added\n";
        for (const auto &problem : catalog.findCaptureProblems(tables)) {
            std::cerr << ConfigError{config.file, config.source.tablesMark.line,
                                     config.source.tablesMark.column, problem}
                             .toString()
                      << '\n';
            exitCode = BadInput;
        }
        // With filter steps, Syncline sets the publication's row filters itself.
        catalog.checkPublicationIsComplete(
            config.source.publication,
            std::any_of(config.transforms.begin(), config.transforms.end(),
                        [](const auto &step) { return step.type == "filter"; }));
        std::vector<TableDefinition> described;
        for (const auto &table : tables) {
            try {
                described.push_back(catalog.describeTable(table));
            } catch (const pg::Error &) {
                // a table that does not exist: reported above
            }
        }
        if (const int masks = checkTransforms(config, described, targets); masks != Success)
            exitCode = masks;
        if (config.source.ddlCapture) {
            if (ddl_capture::isInstalled(conn))
                std::cout << "ddl capture: installed (event trigger syncline_ddl)\n";
            else if (conn.queryValue("SELECT rolsuper FROM pg_roles WHERE rolname = "
                                     "current_user") == "t")
                std::cout << "ddl capture: not installed yet; run installs it\n";
            else
                std::cout << "ddl capture: not installed, and this role may not install it "
                             "(event triggers need a superuser). Schema changes are followed "
                             "without it, but their statements are not kept. A DBA can install "
                             "it with:\n\n"
                          << ddl_capture::installSql() << '\n';
        }
    } catch (const pg::Error &error) {
        std::cerr << config.file.string() << ": error: source: " << error.what() << '\n';
        exitCode = error.isTransient() ? Failure : BadInput;
    }
    return exitCode;
}

// What a sink refuses of the source's tables (a Redis key template naming a column that is not
// a key column of one), reported at its key template or else the sink.
static int checkSinkTables(const PipelineConfig &config, const PostgresSinkConfig &sink,
                           const std::vector<TableDefinition> &targets)
{
    try {
        syncline::checkSinkTables(sink, targets);
        return Success;
    } catch (const PermanentError &error) {
        const SourceMark at = sink.redis.keyMark.line ? sink.redis.keyMark : sink.mark;
        std::cerr << ConfigError{config.file, at.line, at.column, error.what()}.toString() << '\n';
        return BadInput;
    }
}

static int checkServers(const PipelineConfig &config)
{
    std::vector<TableDefinition> targets;
    int exitCode = config.hasSource ? checkSource(config, targets) : Success;
    for (const auto &sink : config.sinks) {
        if (!targets.empty() && checkSinkTables(config, sink, targets) != Success)
            exitCode = BadInput;
        try {
            const std::string found = probeSink(sink);
            if (sink.type != "postgres")
                std::cout << "sink " << sink.name << ": " << found << '\n';
        } catch (const PermanentError &error) {
            std::cerr << ConfigError{config.file, sink.mark.line, sink.mark.column,
                                     "sink " + sink.name + ": " + error.what()}
                             .toString()
                      << '\n';
            exitCode = BadInput;
        } catch (const std::exception &error) {
            std::cerr << config.file.string() << ": error: sink " << sink.name << ": "
                      << error.what() << '\n';
            if (exitCode == Success)
                exitCode = Failure;
        }
    }
    return exitCode;
}

int validate(const Options &options)
{
    auto config = loadOrReport(options.pipelineFile);
    if (!config)
        return BadInput;
    if (!options.offline) {
        if (const int result = checkServers(*config); result != Success)
            return result;
    }
    std::cout << options.pipelineFile << ": ok" << (options.offline ? " (file only)" : "") << '\n';
    return Success;
}

} // namespace syncline::cli
