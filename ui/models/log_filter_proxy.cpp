#include "log_filter_proxy.h"

#include "log_model.h"

namespace syncline::ui {

LogFilterProxy::LogFilterProxy(QObject *parent) : QSortFilterProxyModel(parent) {}

void LogFilterProxy::setMinimumLevel(LogLevel level)
{
    if (level == m_minimumLevel)
        return;
    m_minimumLevel = level;
    invalidateRowsFilter();
}

void LogFilterProxy::setCategory(const QString &category)
{
    if (category == m_category)
        return;
    m_category = category;
    invalidateRowsFilter();
}

void LogFilterProxy::setPipeline(const QString &pipeline)
{
    if (pipeline == m_pipeline)
        return;
    m_pipeline = pipeline;
    invalidateRowsFilter();
}

void LogFilterProxy::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateRowsFilter();
}

bool LogFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, LogModel::Message, sourceParent);
    if (index.data(LogModel::LevelRole).toInt() < int(m_minimumLevel))
        return false;
    if (!m_category.isEmpty() && index.data(LogModel::CategoryRole).toString() != m_category)
        return false;
    if (!m_pipeline.isEmpty() && index.data(LogModel::PipelineRole).toString() != m_pipeline)
        return false;
    return m_text.isEmpty() || index.data().toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace syncline::ui
