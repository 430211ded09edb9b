#pragma once

#include <QLabel>

namespace syncline::ui {

struct LagEvaluation;

// A pipeline's lag status as a coloured badge: "OK · clears in 2 min", "STALLED", ...
class LagStatusLabel : public QLabel
{
    Q_OBJECT

public:
    explicit LagStatusLabel(QWidget *parent = nullptr);

    void setEvaluation(const LagEvaluation &evaluation);
};

} // namespace syncline::ui
