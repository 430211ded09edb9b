#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

#include <vector>

namespace syncline {
struct ConfigError;
}

namespace syncline::ui {

// A problem in a pipeline file, as the console shows it: located, so the user can jump to it.
struct ConfigProblem
{
    QString file;
    int line = 0; // 1-based; 0 when the problem is the file as a whole
    int column = 0;
    QString message;

    // "pipeline.yaml:12:5: unknown key 'slto' (did you mean 'slot'?)"
    QString toString() const;
};

QList<ConfigProblem> toConfigProblems(const std::vector<ConfigError> &errors);

} // namespace syncline::ui

Q_DECLARE_METATYPE(syncline::ui::ConfigProblem)
