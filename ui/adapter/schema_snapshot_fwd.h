#pragma once

// What headers seen by moc need of the schema history. moc (Qt 6.4) cannot parse <concepts>,
// which core's model/lsn.h pulls in, so those headers forward-declare and the .cpp files
// include schema_snapshot.h.

#include <QMetaType>

#include <memory>

namespace syncline {
struct ColumnChange;
struct SchemaVersion;
} // namespace syncline

namespace syncline::ui {
struct SchemaSnapshot;
struct TableHistory;
using SchemaSnapshotPtr = std::shared_ptr<const SchemaSnapshot>;
} // namespace syncline::ui

Q_DECLARE_METATYPE(syncline::ui::SchemaSnapshotPtr)
