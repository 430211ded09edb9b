#pragma once

#include <QList>
#include <QString>

namespace syncline::test {

struct LargeRowBacklogSpec
{
    QString db;        // made on the shared clusters
    QString transport; // the pipeline's transport mapping's lines
    // The rows' keys; empty: 1 to 150 (to 700 with SYNCLINE_LONG_TESTS=1).
    QList<int> ids;
    bool updateSome = true; // rows whose key is a multiple of 3 are updated again
};

struct LargeRowBacklog
{
    QString problem; // empty when every row arrived as it is on the source
    int rows = 0;
    int updates = 0;
    long peakKib = 0; // the runner's peak RSS
    double seconds = 0;
};

// A backlog of rows of 1 to 5 MB (1,000,000 to 5,000,000 bytes, 3 MB on average; compressed on
// disk but whole in the stream), written while the pipeline's runner is stopped, so that it
// streams as fast as the source can send it: about 450 MB by default, 2 GB with
// SYNCLINE_LONG_TESTS=1. Samples the runner's peak RSS until the target has every row.
LargeRowBacklog streamLargeRowBacklog(const LargeRowBacklogSpec &spec);

} // namespace syncline::test
