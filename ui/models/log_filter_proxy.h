#pragma once

#include "util/log.h"

#include <QSortFilterProxyModel>

namespace syncline::ui {

// Shows the log entries at or above a level, of one pipeline and one category (or all),
// containing a text.
class LogFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit LogFilterProxy(QObject *parent = nullptr);

    void setMinimumLevel(LogLevel level);
    void setCategory(const QString &category); // empty: every category
    void setPipeline(const QString &pipeline); // empty: every pipeline (and none)
    void setText(const QString &text);         // case-insensitive; empty: any

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    LogLevel m_minimumLevel = LogLevel::Debug;
    QString m_category;
    QString m_pipeline;
    QString m_text;
};

} // namespace syncline::ui
