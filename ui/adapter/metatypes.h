#pragma once

namespace syncline::ui {

// Registers the adapter's value types with Qt's meta-type system (queued signals, QVariant).
// Idempotent; the workspace calls it.
void registerMetaTypes();

} // namespace syncline::ui
