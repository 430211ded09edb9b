#pragma once

#include "config/pipeline_config.h"
#include "connector/source.h"
#include "source/mysql/binlog_capture.h"
#include "source/mysql/binlog_changes.h"
#include "source/mysql/binlog_stream.h"
#include "source/mysql/mysql_dsn.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace syncline::mysql {

class Client;

// The MySQL/MariaDB source: checks the server's binary log settings and the tables, takes a
// consistent snapshot, and reads the binary log as a replica (server_id) from the capture
// point kept in the state directory (BinlogCapture), which it moves as the sinks confirm.
class MysqlSource : public Source
{
public:
    MysqlSource(SourceConfig config, std::filesystem::path stateDir);
    ~MysqlSource() override;

    std::vector<TableDefinition> prepare() override;
    const std::vector<std::string> &tables() const override { return m_config.tables; }
    std::shared_ptr<TableSchema> describeTable(const std::string &schema,
                                               const std::string &table) override;

    std::string where() const override { return m_dsn.redacted(); }
    std::string captureName() const override;
    std::optional<Lsn> resumePosition() override;
    // Also warns when the binary log the capture point needs is purged, or expires soon.
    CaptureStatus captureStatus() override;
    void discardCapture() override;
    CaptureStart startCapture(bool withSnapshot) override;

    // Large transactions are never applied in progress: the binary log holds committed ones.
    void startStreaming(bool streamLargeTransactions) override;
    // Tables added to the pipeline since its snapshot cannot be copied while streaming yet:
    // refused, naming them, rather than streamed without their existing rows.
    void enableIncrementalSnapshots(const std::string &pipeline,
                                    const std::filesystem::path &stateDir, Lsn confirmed,
                                    std::function<void(const std::string &)> progress) override;

    void poll(std::chrono::milliseconds timeout, const ChunkHandler &emit) override;

    void setRelationHook(RelationHook hook) override;
    void setDdlHook(DdlHook hook) override;

    // Saves the capture point of the last transaction that ended at or before `flushed`: at
    // most once a second, or now when forced.
    void confirm(Lsn flushed, bool force = false) override;
    Lsn receivedPosition() const override;
    bool isInsideTransaction() const override;
    Lsn lastConfirmed() const override { return m_confirmed; }
    std::int64_t lastSourceTimeMicros() const override { return m_sourceTimeMicros; }

private:
    Client &client();
    std::uint32_t serverOwnId();
    std::optional<CapturePoint> failoverPoint(const CapturePoint &point, std::uint32_t server);

    SourceConfig m_config;
    MysqlDsn m_dsn;
    BinlogCapture m_capture;
    std::unique_ptr<Client> m_client;
    std::unique_ptr<Client> m_snapshotClient; // holds the snapshot's transaction while copying
    std::vector<BinlogTable> m_described;     // by prepare(), in the order of tables()
    std::optional<CapturePoint> m_start;      // where streaming begins
    std::unique_ptr<BinlogStream> m_stream;
    std::unique_ptr<BinlogChanges> m_changes;
    RelationHook m_relationHook;
    DdlHook m_ddlHook;
    std::optional<CapturePoint> m_unsaved; // confirmed, not saved yet
    Lsn m_unsavedPosition;
    Lsn m_confirmed;
    std::chrono::steady_clock::time_point m_lastSave;
    // When the server last said it had nothing more to send (a heartbeat between transactions).
    std::int64_t m_sourceTimeMicros = 0;
};

} // namespace syncline::mysql
