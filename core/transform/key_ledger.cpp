#include "transform/key_ledger.h"

#include "transform/column_mask.h"
#include "util/errors.h"
#include "util/log.h"
#include "util/sqlite_database.h"
#include "util/time_text.h"

namespace syncline::transform {
namespace {

constexpr const char *kSchema = "CREATE TABLE IF NOT EXISTS mask_keys ("
                                "  step TEXT NOT NULL, key_id TEXT NOT NULL,"
                                "  fingerprint TEXT NOT NULL, first_used TEXT NOT NULL,"
                                "  PRIMARY KEY (step, key_id))";

// A step by what it does, not by its place in the file: its kind and the columns it selects.
std::string stepName(const TransformConfig &step)
{
    std::string name = "mask with " + step.with + " on";
    for (const auto &pattern : step.columns)
        name += " " + pattern;
    for (const auto &tag : step.tagged)
        name += " " + tag;
    return name;
}

std::string fingerprint(const std::string &key)
{
    return hexDigits(hmacSha256(key, "syncline key fingerprint").substr(0, 8));
}

} // namespace

void checkKeyLedger(const std::filesystem::path &stateDir,
                    const std::vector<TransformConfig> &steps)
{
    bool keyed = false;
    for (const auto &step : steps)
        keyed = keyed || !step.key.empty();
    if (!keyed)
        return;
    std::filesystem::create_directories(stateDir);
    SqliteDatabase db(stateDir / "transform_keys.sqlite", "mask key ledger", kSchema);
    for (const auto &step : steps) {
        if (step.key.empty())
            continue;
        const std::string name = stepName(step);
        const std::string print = fingerprint(step.key);
        SqliteStatement known(db, "SELECT fingerprint, first_used FROM mask_keys "
                                  "WHERE step = ? AND key_id = ?");
        known.bind(name).bind(step.keyId);
        if (known.step()) {
            if (known.text(0) != print)
                throw PermanentError(
                    name + ": its key changed while its key_id stayed " + step.keyId +
                    " (first used " + known.text(1) +
                    "): values masked before and after would not match, and a masked key "
                    "column would no longer find its rows. Give the new key a new key_id (and "
                    "take a new snapshot if it masks a key column), or restore the old key");
            continue;
        }
        SqliteStatement earlier(db, "SELECT key_id FROM mask_keys WHERE step = ? "
                                    "ORDER BY first_used DESC LIMIT 1");
        earlier.bind(name);
        if (earlier.step())
            log::warning("transform", name + ": key rotated from key_id " + earlier.text(0) +
                                          " to " + step.keyId +
                                          "; values masked from now on differ from earlier ones");
        SqliteStatement(db, "INSERT INTO mask_keys VALUES (?, ?, ?, ?)")
            .bind(name)
            .bind(step.keyId)
            .bind(print)
            .bind(isoUtcNow())
            .step();
    }
}

} // namespace syncline::transform
