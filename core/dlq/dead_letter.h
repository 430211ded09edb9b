#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace syncline::dlq {

enum class DeadLetterStatus
{
    Pending,     // rejected by the target after its retries; waits for an operator
    Held,        // a later change of a row with a pending dead letter, kept back to keep order
    Replayed,    // applied by a replay
    Discarded,   // dropped by an operator
    Quarantined, // replay failed too often (loop guard); never replayed automatically again
    Superseded,  // a later TRUNCATE of its table on the source made it moot; never replayed
};

const char *statusName(DeadLetterStatus status);
std::optional<DeadLetterStatus> statusFromName(const std::string &name);
// Pending, held and quarantined dead letters still hold back later changes of their row.
bool holdsItsRow(DeadLetterStatus status);

// A change a sink could not apply, with why, and what operators did with it since.
struct DeadLetter
{
    std::int64_t id = 0;
    std::string sink;
    std::string eventId; // "<commit lsn>/<index in transaction>": the same at every re-stream
    DeadLetterStatus status = DeadLetterStatus::Pending;
    std::string table;                 // schema.table
    std::string key;                   // the row's key as JSON, as a Kafka message key
    std::string value;                 // the change as a Debezium JSON envelope
    std::optional<std::string> edited; // the envelope an operator edited for replay
    std::string errorClass;            // check_violation, ... or "held"
    std::string sqlstate;
    std::string message;                    // the target's full error
    std::optional<std::int64_t> heldBehind; // the dead letter this held change waits for
    int attempts = 0;
    std::string firstFailedAt; // ISO 8601 UTC
    std::string deadLetteredAt;
    int replayCount = 0;
    std::string lastReplayAt;
    std::string lastReplayError;
    std::string sourceLsn;
    std::uint32_t sourceTxid = 0;

    // The envelope a replay applies: the operator's edit if there is one.
    const std::string &replayValue() const { return edited ? *edited : value; }
};

// Which dead letters a list, replay or discard applies to. Empty fields match everything.
struct DeadLetterFilter
{
    std::string sink;
    std::string table;
    std::string errorClass;
    std::vector<DeadLetterStatus> statuses; // empty: any
    std::string since;                      // ISO 8601, compared with deadLetteredAt
    std::string until;
    std::string text; // substring of the key, value or message
    std::vector<std::int64_t> ids;

    std::string describe() const; // for the audit log: "table=public.orders class=..."
};

// An append-only record of what an operator did.
struct AuditEntry
{
    std::int64_t id = 0;
    std::string at;
    std::string actor;  // user@host
    std::string action; // replay, discard, edit
    std::string sink;
    std::string filter;
    bool dryRun = false;
    int affected = 0;
    std::string detail;
};

} // namespace syncline::dlq
