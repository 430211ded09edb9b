#include "config_problem.h"

#include "config/config_error.h"

namespace syncline::ui {

QString ConfigProblem::toString() const
{
    QString where = file;
    if (line > 0)
        where += u':' + QString::number(line) + u':' + QString::number(column);
    return where + u": " + message;
}

QList<ConfigProblem> toConfigProblems(const std::vector<ConfigError> &errors)
{
    QList<ConfigProblem> problems;
    problems.reserve(qsizetype(errors.size()));
    for (const ConfigError &error : errors) {
        problems.append({QString::fromStdString(error.file.string()), error.line, error.column,
                         QString::fromStdString(error.message)});
    }
    return problems;
}

} // namespace syncline::ui
