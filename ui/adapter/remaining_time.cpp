#include "remaining_time.h"

namespace syncline::ui {

std::optional<double> remainingSeconds(double done, double total, double elapsedSeconds)
{
    if (done <= 0 || total <= 0 || elapsedSeconds <= 0)
        return std::nullopt;
    if (done >= total)
        return 0.0;
    return elapsedSeconds * (total - done) / done;
}

} // namespace syncline::ui
