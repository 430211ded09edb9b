#pragma once

#include "pg_cluster.h"

#include <QObject>
#include <QTest>

namespace syncline::test {

// The base of tests that run pipelines between the shared source and target servers: starts
// both before the first test function, or fails the whole test when they cannot start.
class ServerTest : public QObject
{
    Q_OBJECT

protected:
    PgCluster &source() { return PgCluster::sharedSource(); }
    PgCluster &target() { return PgCluster::sharedTarget(); }

private slots:
    void initTestCase()
    {
        SYNCLINE_PG_CHECK(source());
        SYNCLINE_PG_CHECK(target());
    }
};

} // namespace syncline::test
