#include "commands.h"

#include "verify_output.h"

#include "dlq/replayer.h"
#include "verify/repairer.h"
#include "verify/verify_error.h"

#include <iostream>

namespace syncline::cli {

int repairCopies(const Options &options)
{
    auto config = loadOrReport(options.pipelineFile);
    if (!config)
        return BadInput;
    int exitCode = Success;
    const auto before = compareForCli(*config, options, exitCode);
    if (!before)
        return exitCode;
    std::cout << "before repair:\n";
    verify_output::printText(std::cout, *before, {});
    const long long differences = verify_output::differenceCount(*before);
    if (differences == 0)
        return verify_output::anyError(*before) ? Failure : Success;

    if (options.dryRun) {
        std::cout << "would repair (dry run, nothing changed):\n";
        for (const auto &line : verify::Repairer::plannedActions(*before))
            std::cout << "  " << line << '\n';
        return DifferencesFound;
    }
    const verify::Repairer repairer(*config);
    try {
        const auto requests = repairer.request(*before, dlq::Replayer::currentActor());
        std::cout << "repairing " << differences << " rows through the pipeline's stream...\n";
        repairer.waitUntilSent(requests, std::chrono::minutes(10));
    } catch (const std::exception &error) {
        std::cerr << "syncline repair: " << error.what() << '\n';
        return Failure;
    }

    const auto after = compareForCli(*config, options, exitCode);
    if (!after)
        return exitCode;
    std::cout << "after repair:\n";
    verify_output::printText(std::cout, *after, {});
    if (verify_output::differenceCount(*after) > 0)
        return DifferencesFound;
    return verify_output::anyError(*after) ? Failure : Success;
}

} // namespace syncline::cli
