#include "repair_confirmation.h"

#include <QMessageBox>
#include <QStringList>

namespace syncline::ui {

bool RepairConfirmation::ask(QWidget *parent, long long rows, const QString &sinks,
                             const std::vector<std::string> &plannedLines)
{
    QStringList shown;
    QStringList all;
    for (const auto &line : plannedLines) {
        all.append(QString::fromStdString(line));
        if (std::size_t(shown.size()) < kLinesInQuestion)
            shown.append(all.back());
    }
    if (plannedLines.size() > kLinesInQuestion)
        shown.append(tr("… and %n more (Show Details…)", nullptr,
                        int(plannedLines.size() - kLinesInQuestion)));

    QMessageBox box(QMessageBox::Question, tr("Repair"),
                    tr("Repair %n row(s) on sink %1?", nullptr, int(rows)).arg(sinks),
                    QMessageBox::Yes | QMessageBox::Cancel, parent);
    box.setObjectName(QStringLiteral("validateRepairConfirmation"));
    box.setInformativeText(
        tr("Dry run, what the repair would do:") + u'\n' + shown.join(u'\n') + u"\n\n" +
        tr("The pipeline sends these rows again from the source, in order with its live "
           "changes; then the sink is verified again. The repair is written to the audit log."));
    box.setDetailedText(all.join(u'\n'));
    box.setDefaultButton(QMessageBox::Cancel);
    return box.exec() == QMessageBox::Yes;
}

} // namespace syncline::ui
