#pragma once

#include <QString>

#include <memory>

namespace syncline::test {
class PgCluster;
class RedisServer;
} // namespace syncline::test

namespace syncline::bench {

// redisdrain: the drain's tables materialized in a redis-server of the bench's own (one hash
// per row, keys <table>:<id>), emptied before each run.
class RedisTarget
{
public:
    RedisTarget();
    ~RedisTarget();

    void flush();
    qint64 pid() const;
    // The pipeline file's sinks: one redis sink in materialize mode.
    QString sinksYaml() const;
    // Whether the marker transaction (BenchWorkload::markerSql(value)) arrived: its three keys.
    bool markerArrived(int value);
    // Throws naming the first difference between db's accounts and docs on the source and
    // their hashes: every row's fields (NULL: absent), and no other key of either table.
    void check(test::PgCluster &source, const QString &db);

private:
    std::unique_ptr<test::RedisServer> m_server;
};

} // namespace syncline::bench
