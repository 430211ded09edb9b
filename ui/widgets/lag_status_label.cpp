#include "lag_status_label.h"

#include "format.h"
#include "lag_status.h"

namespace syncline::ui {

LagStatusLabel::LagStatusLabel(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("lagStatus"));
    setToolTip(tr("Judged from the trend of the lag over the last minute: OK while it does not "
                  "grow, WARN when it grew at every step, STALLED when nothing was applied"));
    setEvaluation({});
}

void LagStatusLabel::setEvaluation(const LagEvaluation &evaluation)
{
    QString color = QStringLiteral("158, 158, 158");
    switch (evaluation.status) {
    case LagStatus::Ok:
        color = QStringLiteral("46, 157, 79");
        break;
    case LagStatus::Warn:
        color = QStringLiteral("245, 158, 11");
        break;
    case LagStatus::Stalled:
        color = QStringLiteral("211, 47, 47");
        break;
    case LagStatus::Stopped:
        break;
    }
    setStyleSheet(QStringLiteral("QLabel { background: rgba(%1, 0.18); border: 1px solid rgb(%1); "
                                 "border-radius: 4px; padding: 2px 8px; font-weight: bold; }")
                      .arg(color));
    setText(Format::lagStatusText(evaluation));
}

} // namespace syncline::ui
