#pragma once

#include "config/pipeline_config.h"

#include <filesystem>
#include <vector>

namespace syncline::transform {

// Keeps, in the pipeline's state directory (transform_keys.sqlite), which key each keyed mask
// step (hash, tokenize, date_shift) used under which key_id: a fingerprint of the key (an HMAC
// of a fixed text under it, never the key), and when it was first used.
//
// A key that changes while its key_id stays the same is refused (PermanentError): values masked
// before and after would silently differ, and a masked key column would no longer find its rows.
// A new key_id is a rotation: it is recorded and logged, and the history keeps the old ids.
void checkKeyLedger(const std::filesystem::path &stateDir,
                    const std::vector<TransformConfig> &steps);

} // namespace syncline::transform
