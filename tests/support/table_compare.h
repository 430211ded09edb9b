#pragma once

#include <QString>

namespace syncline::test {

class PgCluster;

// Compares a table on two servers row by row: every row's text form is hashed, and the sorted
// multiset of hashes must match (so duplicate rows count, and tables without keys work).
// Returns an empty string when equal, else a description of the difference.
QString compareTable(PgCluster &source, const QString &sourceDb, PgCluster &target,
                     const QString &targetDb, const QString &table);

// Waits until compareTable() reports no difference; returns the last difference on timeout.
QString waitUntilTablesMatch(PgCluster &source, const QString &sourceDb, PgCluster &target,
                             const QString &targetDb, const QStringList &tables, int timeoutMs);

} // namespace syncline::test
