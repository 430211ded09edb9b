#include "metatypes.h"

#include "config_problem.h"
#include "lag_status.h"
#include "log_entry.h"

#include <QList>
#include <QMetaType>

namespace syncline::ui {

void registerMetaTypes()
{
    qRegisterMetaType<ConfigProblem>();
    qRegisterMetaType<LagEvaluation>();
    qRegisterMetaType<LogEntry>();
    qRegisterMetaType<QList<LogEntry>>();
}

} // namespace syncline::ui
