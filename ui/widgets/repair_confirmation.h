#pragma once

#include <QCoreApplication>
#include <QString>

#include <string>
#include <vector>

class QWidget;

namespace syncline::ui {

// Asks before a repair, naming the rows and the sinks, with the dry run (Repairer::
// plannedActions, one line per row) shown first: its first lines in the question, all of them
// under "Show Details…". The box is named "validateRepairConfirmation".
class RepairConfirmation
{
    Q_DECLARE_TR_FUNCTIONS(RepairConfirmation)

public:
    static constexpr std::size_t kLinesInQuestion = 12;

    // True when the user said Yes.
    static bool ask(QWidget *parent, long long rows, const QString &sinks,
                    const std::vector<std::string> &plannedLines);
};

} // namespace syncline::ui
