// The Redis sink's commits against a real redis-server, driven directly (no pipeline), each on
// both ways a batch reaches Redis: the apply script (a batch with a key move in it) and
// MULTI/EXEC (plain writes). A refused write keeps the sink's position where it was and is
// applied by the retry, which skips what the refusing call applied; a change resent after a
// fast commit never overwrites the newer value (the fast commits record no per-key position);
// a script call sent behind one that had a write refused writes nothing, and goes again once
// the refused change is dead-lettered; a MULTI/EXEC whose replies were never checked is applied
// again in one call, not in parts; plain writes as MULTI/EXEC keep the encoding and TTL; a
// sink an earlier version ran finds the newest of its per-key positions.

#include "redis_server.h"

#include "connector/rejected_changes.h"
#include "model/table_definition.h"
#include "pg_cluster.h"
#include "sink/redis/apply_script.h"
#include "sink/redis/redis_sink.h"
#include "util/errors.h"

#include <QTest>

#include <set>

using namespace syncline;
using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

// What a batch becomes in Redis: a script call, or a MULTI/EXEC.
enum class Path
{
    Script,
    Transaction
};

// One change of public.t (id, v): an insert, or (from >= 0) an update moving row `from` to `id`.
struct Change
{
    int id;
    std::optional<std::string> v; // nullopt: NULL
    int from = -1;
};

// Dead-letters every change at its first refusal, and holds it (and nothing else) after.
class DeadLetterAtOnce : public RejectedChanges
{
public:
    bool recordFailure(const TransactionChunk &chunk, int index, const std::string &,
                       const std::string &) override
    {
        m_failed.insert({&chunk, index});
        return true;
    }
    int maxRetries() const override { return 0; }
    int attempts(const TransactionChunk &chunk, int index) const override
    {
        return int(m_failed.count({&chunk, index}));
    }
    std::vector<std::string> refresh() override { return {}; }
    void quarantine(const std::shared_ptr<const TransactionChunk> &, int, const std::vector<int> &,
                    const std::string &) override
    {}
    bool isQuarantined(const std::string &) const override { return false; }
    bool holdsRowsOf(const std::string &) const override { return !m_failed.empty(); }
    bool divert(const std::shared_ptr<const TransactionChunk> &chunk, int index,
                const std::vector<int> &) override
    {
        return m_failed.count({chunk.get(), index}) > 0;
    }
    std::size_t failures() const { return m_failed.size(); }

private:
    std::set<std::pair<const TransactionChunk *, int>> m_failed;
};

} // namespace

class TestRedisCommits : public QObject
{
    Q_OBJECT

    std::unique_ptr<RedisServer> m_redis;

    // A materialize sink of pipeline `pipeline`, keys <pipeline>:<id>, its position recorded
    // at 0/1000 when Redis has none.
    std::unique_ptr<RedisSink> open(const std::string &pipeline, bool json = false, int ttl = 0)
    {
        PostgresSinkConfig config;
        config.name = "cache";
        config.type = "redis";
        config.redis.url = m_redis->url().toStdString();
        config.redis.keyTemplate = pipeline + ":{id}";
        config.redis.json = json;
        config.redis.ttlSeconds = ttl;
        TableDefinition table;
        table.schema = "public";
        table.name = "t";
        table.columns = {{"id", "integer", true}, {"v", "text", false}};
        table.keyColumns = {"id"};
        auto sink = std::make_unique<RedisSink>(config, pipeline);
        sink->connect();
        sink->prepareTables({table});
        if (!sink->position())
            sink->recordPosition(Lsn(0x1000));
        sink->startStreaming();
        return sink;
    }

    // A whole source transaction committed at `commit`, ending at `end`. With Path::Script it
    // also moves row 1000 (absent) to 1001, a write that needs the script.
    static std::shared_ptr<TransactionChunk> transaction(RedisSink &sink, std::uint64_t commit,
                                                         std::uint64_t end,
                                                         const std::vector<Change> &changes,
                                                         Path path)
    {
        const auto schema = std::shared_ptr<const TableSchema>(sink.describeTable("public", "t"));
        auto chunk = std::make_shared<TransactionChunk>();
        chunk->isFirst = chunk->isLast = true;
        chunk->commitLsn = Lsn(commit);
        chunk->endLsn = Lsn(end);
        std::vector<Change> all = changes;
        if (path == Path::Script)
            all.push_back({1001, "moved", 1000});
        for (const auto &change : all) {
            ChangeEvent event;
            event.table = schema;
            event.op = change.from >= 0 ? Operation::Update : Operation::Insert;
            if (change.from >= 0)
                event.before = Row{Value::fromText(std::to_string(change.from)), Value()};
            event.after = Row{Value::fromText(std::to_string(change.id)),
                              change.v ? Value::fromText(*change.v) : Value::null()};
            chunk->events.push_back(std::move(event));
        }
        return chunk;
    }

    QString get(const QString &key, const QString &field = u"v"_s)
    {
        return m_redis->command({u"HGET"_s, key, field}).value(0);
    }
    QString position(const QString &pipeline)
    {
        return m_redis->command({u"GET"_s, u"syncline:"_s + pipeline + u":cache:position"_s})
            .value(0);
    }
    static QString sinkPosition(std::uint64_t end)
    {
        return QString::fromStdString(redis::sinkPosition(end));
    }
    // The batch went the way the row asks, and a script call took the fast path (the stored
    // positions not read).
    void checkPath(Path path)
    {
        QCOMPARE(m_redis->calls(u"hmget"_s), 0);
        if (path == Path::Script)
            QCOMPARE(m_redis->calls(u"exec"_s), 0);
        else
            QCOMPARE(m_redis->calls(u"exec"_s), 1);
    }

    static void addPaths()
    {
        QTest::addColumn<bool>("multiExec");
        QTest::newRow("script") << false;
        QTest::newRow("transaction") << true;
    }
    // The row's path, and the test's pipeline name for it.
    static Path fetchPath(QString &pipeline, const QString &name)
    {
        QFETCH(bool, multiExec);
        pipeline = name + (multiExec ? u"_t"_s : u"_s"_s);
        return multiExec ? Path::Transaction : Path::Script;
    }
    static void commitAll(RedisSink &sink)
    {
        sink.commit();
        sink.waitForCommits();
    }

private slots:
    void initTestCase()
    {
        m_redis = std::make_unique<RedisServer>(u"commits"_s);
        SYNCLINE_PG_CHECK(m_redis->start());
    }

    // A write Redis refuses (the key holds a string) leaves the position where it was; the
    // writes applied record their positions, so the retry skips them (here: one changed by hand
    // since) and applies the refused one once the key is fixed.
    void refusedWriteKeepsThePosition_data() { addPaths(); }
    void refusedWriteKeepsThePosition()
    {
        QString p;
        const Path path = fetchPath(p, u"refused"_s);
        auto sink = open(p.toStdString());
        SYNCLINE_PG_CHECK(m_redis->command({u"SET"_s, p + u":2"_s, u"a string"_s}));
        SYNCLINE_PG_CHECK(m_redis->command({u"CONFIG"_s, u"RESETSTAT"_s}));
        const auto batch = transaction(*sink, 0x2000, 0x2010, {{1, "a"}, {2, "b"}, {3, "c"}}, path);
        sink->apply(batch);
        QString refused;
        try {
            commitAll(*sink);
        } catch (const PermanentError &error) {
            refused = QString::fromStdString(error.what());
        }
        QVERIFY2(refused.contains(u"WRONGTYPE"_s), qPrintable(refused));
        // Through MULTI/EXEC, the batch then went as a script call: not a fast one, as the
        // keys the transaction wrote have no position.
        if (path == Path::Script) {
            checkPath(path);
        } else {
            QCOMPARE(m_redis->calls(u"exec"_s), 1);
            QCOMPARE(m_redis->calls(u"evalsha"_s), 1);
        }
        QCOMPARE(position(p), sinkPosition(0x1000));
        QCOMPARE(get(p + u":1"_s), u"a"_s);
        QCOMPARE(get(p + u":3"_s), u"c"_s);
        QCOMPARE(m_redis->command({u"GET"_s, p + u":2"_s}).value(0), u"a string"_s);

        SYNCLINE_PG_CHECK(m_redis->command({u"HSET"_s, p + u":1"_s, u"v"_s, u"by hand"_s}));
        SYNCLINE_PG_CHECK(m_redis->command({u"DEL"_s, p + u":2"_s}));
        sink->abandon();
        sink = open(p.toStdString());
        // Plain writes, whichever way the first try went: MULTI/EXEC must not take them, as
        // positions newer than the first are recorded.
        sink->apply(
            transaction(*sink, 0x2000, 0x2010, {{1, "a"}, {2, "b"}, {3, "c"}}, Path::Transaction));
        commitAll(*sink);
        QCOMPARE(get(p + u":1"_s), u"by hand"_s);
        QCOMPARE(get(p + u":2"_s), u"b"_s);
        QCOMPARE(position(p), sinkPosition(0x2010));
    }

    // A fast commit records no position for its keys: a change resent afterwards (a new
    // session, the source sending again from its confirmed position) is at or before the sink's
    // position, and skipped for that.
    void resentChangeNeverOverwritesANewerOne_data() { addPaths(); }
    void resentChangeNeverOverwritesANewerOne()
    {
        QString p;
        const Path path = fetchPath(p, u"resent"_s);
        auto sink = open(p.toStdString());
        SYNCLINE_PG_CHECK(m_redis->command({u"CONFIG"_s, u"RESETSTAT"_s}));
        sink->apply(transaction(*sink, 0x3000, 0x3010, {{4, "new"}}, path));
        commitAll(*sink);
        checkPath(path);
        QCOMPARE(get(p + u":4"_s), u"new"_s);
        QCOMPARE(position(p), sinkPosition(0x3010));

        sink->abandon();
        sink = open(p.toStdString());
        sink->apply(transaction(*sink, 0x2000, 0x2010, {{4, "old"}, {5, "old"}}, path));
        commitAll(*sink);
        QCOMPARE(get(p + u":4"_s), u"new"_s);
        QCOMPARE(get(p + u":5"_s), QString());
        QCOMPARE(position(p), sinkPosition(0x3010));
    }

    // Script calls are sent before the previous one's reply is read. One sent behind a call
    // that had a write refused finds the position short of the one it follows and writes
    // nothing; the session stops there (no dead letters).
    void callBehindARefusalWritesNothing()
    {
        const QString p = u"behind"_s;
        auto sink = open(p.toStdString());
        SYNCLINE_PG_CHECK(m_redis->command({u"SET"_s, p + u":2"_s, u"a string"_s}));
        sink->apply(transaction(*sink, 0x2000, 0x2010, {{1, "a"}, {2, "b"}}, Path::Script));
        sink->commit();
        sink->apply(transaction(*sink, 0x3000, 0x3010, {{5, "behind"}}, Path::Script));
        QVERIFY_THROWS_EXCEPTION(PermanentError, sink->commit());
        QCOMPARE(position(p), sinkPosition(0x1000));
        QCOMPARE(m_redis->command({u"EXISTS"_s, p + u":5"_s}).value(0), u"0"_s);
        QCOMPARE(get(p + u":1"_s), u"a"_s);
    }

    // The same, but the refused change is dead-lettered at once: its call records the position,
    // and the call behind goes again and is applied.
    void callBehindADeadLetterGoesAgain()
    {
        const QString p = u"again"_s;
        auto sink = open(p.toStdString());
        DeadLetterAtOnce deadLetters;
        sink->setDeadLetters(&deadLetters);
        SYNCLINE_PG_CHECK(m_redis->command({u"SET"_s, p + u":2"_s, u"a string"_s}));
        sink->apply(transaction(*sink, 0x2000, 0x2010, {{1, "a"}, {2, "b"}}, Path::Script));
        sink->commit();
        sink->apply(transaction(*sink, 0x3000, 0x3010, {{5, "behind"}}, Path::Script));
        commitAll(*sink);
        QCOMPARE(deadLetters.failures(), std::size_t(1));
        QCOMPARE(get(p + u":5"_s), u"behind"_s);
        QCOMPARE(get(p + u":1"_s), u"a"_s);
        QCOMPARE(m_redis->command({u"GET"_s, p + u":2"_s}).value(0), u"a string"_s);
        QCOMPARE(position(p), sinkPosition(0x3010));
        QVERIFY(sink->position() == Lsn(0x3010));
    }

    // Plain writes as MULTI/EXEC write what the script would: a hash without the NULL
    // column's field, a JSON object with null, each with its TTL.
    void plainWritesKeepEncodingAndTtl_data()
    {
        QTest::addColumn<bool>("json");
        QTest::newRow("hash") << false;
        QTest::newRow("json") << true;
    }
    void plainWritesKeepEncodingAndTtl()
    {
        QFETCH(bool, json);
        const QString p = json ? u"plain_j"_s : u"plain_h"_s;
        auto sink = open(p.toStdString(), json, 3600);
        sink->apply(transaction(*sink, 0x2000, 0x2010, {{1, "a"}, {2, "b"}}, Path::Transaction));
        commitAll(*sink);
        SYNCLINE_PG_CHECK(m_redis->command({u"CONFIG"_s, u"RESETSTAT"_s}));
        sink->apply(
            transaction(*sink, 0x3000, 0x3010, {{1, std::nullopt}, {3, "c"}}, Path::Transaction));
        commitAll(*sink);
        checkPath(Path::Transaction);
        QCOMPARE(position(p), sinkPosition(0x3010));
        for (const auto &[id, value] : {std::pair{1, QString()}, {2, u"b"_s}, {3, u"c"_s}}) {
            const QString key = p + u":"_s + QString::number(id);
            if (json) {
                const QString v = value.isNull() ? u"null"_s : u"\""_s + value + u"\""_s;
                QCOMPARE(m_redis->command({u"GET"_s, key}).value(0),
                         u"{\"id\":\"%1\",\"v\":%2}"_s.arg(id).arg(v));
            } else {
                QStringList expected{u"id"_s, QString::number(id)};
                if (!value.isNull())
                    expected << u"v"_s << value;
                QCOMPARE(m_redis->command({u"HGETALL"_s, key}), expected);
            }
            const int ttl = m_redis->command({u"TTL"_s, key}).value(0).toInt();
            QVERIFY2(ttl > 3500 && ttl <= 3600,
                     qPrintable(key + u": TTL "_s + QString::number(ttl)));
        }
    }

    // A sink an earlier version ran has per-key positions but no <prefix>newest: its first
    // call finds the newest of them, so that a later batch older than one of them does not go
    // the fast way and overwrite that key.
    void upgradeFindsTheNewestPosition()
    {
        const QString p = u"upgrade"_s, prefix = u"syncline:upgrade:cache:"_s;
        SYNCLINE_PG_CHECK(
            m_redis->command({u"SET"_s, prefix + u"position"_s, sinkPosition(0x1000)}));
        SYNCLINE_PG_CHECK(
            m_redis->command({u"HSET"_s, prefix + u"pos:public.t"_s, p + u":1"_s,
                              QString::fromStdString(redis::changePosition(0x3000, 0))}));
        SYNCLINE_PG_CHECK(m_redis->command({u"HSET"_s, p + u":1"_s, u"v"_s, u"newer"_s}));
        auto sink = open(p.toStdString());
        sink->apply(transaction(*sink, 0x2000, 0x2010, {{2, "a"}}, Path::Transaction));
        commitAll(*sink);
        QCOMPARE(m_redis->command({u"GET"_s, prefix + u"newest"_s}).value(0),
                 QString::fromStdString(redis::changePosition(0x3000, 0)));
        sink->apply(transaction(*sink, 0x2500, 0x2510, {{1, "older"}}, Path::Transaction));
        commitAll(*sink);
        QCOMPARE(get(p + u":1"_s), u"newer"_s);
        QCOMPARE(get(p + u":2"_s), u"a"_s);
        QCOMPARE(position(p), sinkPosition(0x2510));
    }

    // Redis as a MULTI/EXEC leaves it when the runner dies before reading EXEC's replies: the
    // keys written, no position recorded for them, the sink's position the one before, and
    // <prefix>unverified its end. The next session commits nothing until it has the changes up
    // to that end again: the first transaction alone would put its older value back.
    void uncheckedTransactionIsAppliedAgainWhole()
    {
        const QString p = u"unchecked"_s;
        auto sink = open(p.toStdString());
        SYNCLINE_PG_CHECK(m_redis->command({u"CONFIG"_s, u"RESETSTAT"_s}));
        const auto first = transaction(*sink, 0x2000, 0x2010, {{7, "first"}}, Path::Transaction);
        const auto second =
            transaction(*sink, 0x3000, 0x3010, {{7, "second"}, {8, "second"}}, Path::Transaction);
        sink->apply(first);
        sink->apply(second);
        commitAll(*sink);
        checkPath(Path::Transaction);
        sink->abandon();
        SYNCLINE_PG_CHECK(m_redis->command(
            {u"SET"_s, u"syncline:"_s + p + u":cache:position"_s, sinkPosition(0x1000)}));
        SYNCLINE_PG_CHECK(m_redis->command(
            {u"SET"_s, u"syncline:"_s + p + u":cache:unverified"_s, sinkPosition(0x3010)}));

        sink = open(p.toStdString());
        QVERIFY(sink->position() == Lsn(0x1000));
        sink->apply(transaction(*sink, 0x2000, 0x2010, {{7, "first"}}, Path::Transaction));
        commitAll(*sink);
        QCOMPARE(get(p + u":7"_s), u"second"_s);
        QVERIFY(sink->position() == Lsn(0x1000));
        sink->apply(
            transaction(*sink, 0x3000, 0x3010, {{7, "second"}, {8, "second"}}, Path::Transaction));
        commitAll(*sink);
        QCOMPARE(get(p + u":7"_s), u"second"_s);
        QCOMPARE(position(p), sinkPosition(0x3010));
        QCOMPARE(
            m_redis->command({u"EXISTS"_s, u"syncline:"_s + p + u":cache:unverified"_s}).value(0),
            u"0"_s);
        // Caught up: the next plain batch goes as a MULTI/EXEC again.
        SYNCLINE_PG_CHECK(m_redis->command({u"CONFIG"_s, u"RESETSTAT"_s}));
        sink->apply(transaction(*sink, 0x4000, 0x4010, {{9, "next"}}, Path::Transaction));
        commitAll(*sink);
        checkPath(Path::Transaction);
        QCOMPARE(position(p), sinkPosition(0x4010));
    }
};

QTEST_GUILESS_MAIN(TestRedisCommits)
#include "tst_redis_commits.moc"
