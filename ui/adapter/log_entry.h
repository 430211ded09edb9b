#pragma once

#include "util/log.h"

#include <QMetaType>
#include <QString>

namespace syncline::ui {

// One record of the engine's log, converted once for the console.
struct LogEntry
{
    qint64 timeMs = 0; // since the Unix epoch
    LogLevel level = LogLevel::Info;
    QString category;
    QString message;
    QString pipeline; // the pipeline whose thread wrote it; empty for the console's own
};

} // namespace syncline::ui

Q_DECLARE_METATYPE(syncline::ui::LogEntry)
