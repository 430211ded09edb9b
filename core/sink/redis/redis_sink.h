#pragma once

#include "config/pipeline_config.h"
#include "model/table_definition.h"
#include "sink/common/catalogless_sink.h"
#include "sink/redis/apply_script.h"
#include "sink/redis/change_writer.h"
#include "sink/redis/redis_connection.h"

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace syncline {

class RejectedChanges;

// Applies committed source transactions to Redis (sink/redis/change_writer.h says what each
// mode writes), exactly once in effect: a batch of whole source transactions is one EVALSHA
// call of the apply script, which applies each change only when it is newer than the position
// stored for its key (or its table's stream) and records the sink's position in the same call.
// After a crash the source resends from its confirmed position; the script skips what Redis
// already has. Fed from Kafka, the consumer group's partition offsets are written by the same
// call, in the hash <prefix>kafka:<group>, each only where it still holds the offset the batch
// expects: rows and offsets commit together or not at all. A change Redis refuses (WRONGTYPE:
// the key holds another type) is skipped by the script and reported (the call then records
// neither position nor offsets); the session is retried and the change, once out of retries,
// dead-lettered with Redis's error while the other changes go on.
//
// With the direct transport a commit's call is sent before the previous one's reply is read,
// so that Redis applies one batch while the next is gathered; each call names the position it
// follows, and writes nothing when Redis holds another (the previous call had a change
// refused), so no call records its end past a refused change.
//
// A batch of plain writes (hashes, JSON, deletes: no key move, truncate, stream entry or merge
// into stored JSON), each newer than every position Redis holds, is sent as MULTI/EXEC of the
// commands themselves, which costs Redis about half of what the script does. Inside EXEC a
// refused command does not stop the others, so the position is not written there: the batch's
// end is first written to <prefix>unverified, and the position recorded (and that key removed)
// only once EXEC's replies show that Redis took every command. When one was refused, the same
// batch is sent again as a script call, which applies it whole again (the same last state of
// each key: nothing older shows) and handles the refusal as for any script call. When the
// runner stops before that, the next session finds <prefix>unverified and applies the changes
// up to its end again in one script call, not in parts, for the same reason.
class RedisSink : public CataloglessSink
{
public:
    RedisSink(PostgresSinkConfig config, std::string pipelineName);
    ~RedisSink() override;

    const std::string &name() const override { return m_config.name; }
    SinkCapabilities capabilities() const override { return {true, true, false}; }

    void connect() override;
    void prepareTables(const std::vector<TableDefinition> &tables) override;

    // Removes each table's keys, then writes its rows in pipelined script calls, each row at
    // the snapshot's position; records consistentPoint last. An interrupted load is repeated
    // whole by the next session (the sink has no position yet).
    void loadSnapshot(TableCopySource &reader, const std::vector<TableDefinition> &tables,
                      Lsn consistentPoint,
                      const std::function<void(long long rows)> &progress) override;
    void recordPosition(Lsn position) override;

    void apply(const std::shared_ptr<const TransactionChunk> &chunk) override;
    bool hasUncommittedWork() const override { return m_pendingEnd.has_value() || m_sent; }
    std::size_t changesSinceCommit() const override { return m_next->batch.changes(); }
    bool isInsideSourceTransaction() const override { return m_insideTransaction; }
    // One script call; fed from Kafka, position() has advanced when it returns, else once the
    // next commit() or waitForCommits() has read its reply.
    void commit() override;
    void waitForCommits() override;
    void abandon() override;

    long long appliedChanges() const override { return m_appliedChanges.load(); }
    // Without it, a refused change stops the pipeline.
    void setDeadLetters(RejectedChanges *deadLetters) { m_deadLetters = deadLetters; }

    // PING (and AUTH) with the sink's url, for syncline validate; throws what connect() would.
    static void check(const PostgresSinkConfig &config);
    // Whether the key template fits each of the tables (as prepareTables receives them), for
    // syncline validate: throws the PermanentError prepareTables would.
    static void checkTables(const PostgresSinkConfig &config,
                            const std::vector<TableDefinition> &tables);
    // The server, for log lines: the url without its password.
    static std::string where(const PostgresSinkConfig &config);

protected:
    std::map<TopicPartition, KeptOffset> readOffsets(const std::string &group) override;
    std::optional<Lsn> shareSnapshotEnd(const std::string &group) override;

private:
    // One commit's script call: its batch and the source changes behind it, for dead letters
    // (ScriptBatch origins index `origins`).
    struct Commit
    {
        redis::ScriptBatch batch;
        Lsn end;
        std::vector<std::shared_ptr<const TransactionChunk>> chunks;
        std::vector<std::pair<int, int>> origins; // chunk in `chunks`, event index
        std::vector<std::int64_t> commitTimes;
        std::string commands;     // its writes as plain commands, when they are
        bool transaction = false; // sent as MULTI/EXEC of `commands`
        void clear();
    };

    // An empty commit whose batch gives each table its TTL (table_ttl).
    std::unique_ptr<Commit> newCommit() const;
    redis::Connection &connection();
    std::string offsetsKey(const std::string &group) const { return m_prefix + "kafka:" + group; }
    void loadScript();
    // Runs the batch as one script call recording `end` ("" for none). `commit`: of source
    // changes (see ScriptBatch::Call); `after`: the position it follows, "" for any.
    void send(redis::ScriptBatch &batch, const std::string &end, bool commit = false,
              const std::string &after = {});
    // Reads the reply of the oldest script call; throws on an error reply, and on refused
    // writes of a snapshot (which has nothing to dead-letter).
    void readScriptReply();
    // Reads the reply of `done`'s call: refused changes are retried, then dead-lettered; then
    // position() is its end. `behind`: the commit sent after it, sent again when it found the
    // position short of its `after`.
    void finish(Commit &done, Commit *behind);
    // Sends the commit as MULTI/EXEC of its plain commands, once Redis shows that each is newer
    // than every position it holds; false (nothing sent) else.
    bool sendTransaction(Commit &next);
    // Reads EXEC's replies: all taken, the position is recorded; else the batch goes again as a
    // script call.
    void finishTransaction(Commit &done);
    // The commit is in Redis: position() is its end.
    void applied(const Commit &done, long long changes);
    // What `commit`'s call records and follows: fed from Kafka, none (positions are batch
    // numbers there, and the consumer offsets say what was applied).
    std::string endOf(const Commit &commit) const;
    // The script keeps the later of its stored position and a call's end.
    void noteRecorded(const std::string &end);
    redis::Reply readReply();
    void rejected(const Commit &commit, const std::vector<redis::ScriptBatch::Failure> &failures);
    // A key or value longer than the server reads: dead-lettered before anything is sent.
    void refuseTooLarge(const std::shared_ptr<const TransactionChunk> &chunk, int index,
                        const std::string &why);
    void applyEvents(const std::shared_ptr<const TransactionChunk> &chunk, std::uint64_t commitLsn);
    void copyTable(TableCopySource &reader, const TableDefinition &table, Lsn consistentPoint,
                   const std::function<void(long long rows)> &progress);

    PostgresSinkConfig m_config;
    std::string m_prefix;        // of the sink's own keys: syncline:<pipeline>:<sink>:
    std::string m_positionKey;   // <prefix>position
    std::string m_newestKey;     // <prefix>newest
    std::string m_unverifiedKey; // <prefix>unverified
    // Found at connect(): a MULTI/EXEC whose replies were not checked ended there. Nothing is
    // committed before the changes up to it are gathered again.
    std::optional<Lsn> m_recoverUntil;
    std::optional<redis::Connection> m_conn;
    std::string m_sha;
    redis::ChangeWriter m_writer;
    std::unique_ptr<Commit> m_next;  // gathered by apply()
    std::unique_ptr<Commit> m_sent;  // sent, its reply not read yet
    std::unique_ptr<Commit> m_spare; // reused, with its buffers
    // The position Redis holds once the calls whose replies were read are applied, as the
    // script writes it ("" for none): what the next call follows (a resent batch leaves it).
    std::string m_recorded;
    std::size_t m_maxBulkBytes = std::size_t(512) << 20; // the server's, once connected
    int m_repliesPending = 0; // script calls sent while loading a snapshot, replies unread
    bool m_insideTransaction = false;
    std::uint64_t m_eventIndex = 0; // within the current source transaction
    // Transactions still in progress on the source (streamed), until their commit.
    std::map<std::uint32_t, std::vector<std::shared_ptr<const TransactionChunk>>> m_streamed;
    std::atomic<long long> m_appliedChanges{0};
    RejectedChanges *m_deadLetters = nullptr;
};

} // namespace syncline
