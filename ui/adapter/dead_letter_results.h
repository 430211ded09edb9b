#pragma once

#include "dlq/dead_letter.h"
#include "dlq/dead_letter_store.h"
#include "dlq/replayer.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <vector>

namespace syncline::ui {

// The results DeadLetterService delivers. Each carries its request's generation and, when the
// request failed, the reason in `error` (translated): errors are values, never exceptions.

struct DeadLetterCounts
{
    // Per error class, of the dead letters matching the filter but for its class: what the
    // page's group-by list offers.
    std::vector<dlq::DeadLetterStore::ClassCount> byClass;
    std::vector<std::string> tables; // every table in the store
    int total = 0;                   // matching the whole filter
    QString error;
};

struct DeadLetterPage
{
    std::vector<dlq::DeadLetter> letters; // in id order, after the requested id
    bool atEnd = false;                   // fewer than asked for: nothing more matches
    QString error;
};
using DeadLetterPagePtr = std::shared_ptr<const DeadLetterPage>;

struct DeadLetterDetail
{
    std::optional<dlq::DeadLetter> letter; // none: it is gone (or error says why)
    std::vector<dlq::AuditEntry> history;  // the audit entries whose filter covers it
    QString error;
};

struct AuditLog
{
    std::vector<dlq::AuditEntry> entries; // newest last
    QString error;
};

// How a replay, discard, edit or import ended.
struct DeadLetterActionResult
{
    enum class Kind
    {
        Replay,
        Discard,
        Edit,
        Import
    };
    Kind kind = Kind::Replay;
    bool dryRun = false;
    bool cancelled = false;
    int affected = 0;                       // replayed, discarded, edited or imported
    std::vector<dlq::ReplayResult> results; // replay: one per dead letter, in order
    QString summary;                        // a translated line for the page
    QString error;
};

} // namespace syncline::ui

Q_DECLARE_METATYPE(syncline::ui::DeadLetterCounts)
Q_DECLARE_METATYPE(syncline::ui::DeadLetterPagePtr)
Q_DECLARE_METATYPE(syncline::ui::DeadLetterDetail)
Q_DECLARE_METATYPE(syncline::ui::AuditLog)
Q_DECLARE_METATYPE(syncline::ui::DeadLetterActionResult)
Q_DECLARE_METATYPE(syncline::dlq::ReplayResult)
