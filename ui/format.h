#pragma once

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace syncline {
struct PipelineStatus;
}

namespace syncline::ui {

class PipelineController;
struct LagEvaluation;

// How the console writes sizes, durations and states: translated, in the user's locale.
class Format
{
    Q_DECLARE_TR_FUNCTIONS(Format)

public:
    static QString bytes(double bytes);                // "512 bytes", "1.5 MiB"
    static QString duration(double seconds);           // "45 s", "3 min 20 s", "2 h 5 min"
    static QString rate(double perSecond);             // "1,234/s"
    static QString count(long long value);             // "1,234"
    static QString eta(std::optional<double> seconds); // "ETA 3 min", or empty

    // "Snapshotting 42 % · ETA 3 min", "Retrying (attempt 2): connection refused", ...
    static QString stateText(const PipelineController &controller);
    // The same for a status of a loaded pipeline that is not stopping; "Streaming · copying
    // public.orders: 12 chunks, 49152 rows" while an incremental snapshot runs.
    static QString stateText(const PipelineStatus &status,
                             std::optional<double> snapshotEtaSeconds = std::nullopt);
    // "1.2 MiB · 3 s · OK", with " · clears in 2 min" when `withEta` and shrinking. A warning
    // about the capture position (a binary log about to expire) adds a line when `withEta`,
    // and a leading "⚠ " otherwise.
    static QString lagText(const PipelineController &controller, bool withEta);
    static QString lagStatusText(const LagEvaluation &lag, bool withEta = true);
    static QString throughputText(const PipelineController &controller); // "120/s in · 118/s out"
};

} // namespace syncline::ui
