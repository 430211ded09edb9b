#pragma once

#include <QString>

namespace syncline::test {
class PgCluster;
}

namespace syncline::bench {

// syncline verify on a large table with scattered differences, beside what a DBA would do
// instead: SELECT count(*) on both sides (which finds nothing but a changed count), and the
// naive full compare (COPY both sides out, sort, diff).
struct VerifyFigures
{
    long long rows = 0;
    int planted = 0;     // differences made on the target
    long long found = 0; // differences verify reported
    double verifySeconds = 0;
    double countSeconds = 0;     // both counts, run at the same time
    double hashSeconds = 0;      // a bare query hashing every row as verify does, both sides
    double naiveSeconds = 0;     // both COPYs at the same time, then both sorts, then diff
    long long naiveFound = 0;    // lines diff reported on either side
    double sourceCpuSeconds = 0; // the source server's CPU during verify
    long long throttledLimit = 0;
    double throttledRowsPerSecond = 0; // verify with --max-rows-per-second throttledLimit
};

VerifyFigures measureVerify(test::PgCluster &source, test::PgCluster &target,
                            const QString &workDir, long long rows, int differences);

} // namespace syncline::bench
