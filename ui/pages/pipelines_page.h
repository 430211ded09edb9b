#pragma once

#include <QWidget>

class QStackedLayout;
class QTableView;

namespace syncline::ui {

class InlineMessage;
class PipelineController;
class PipelineListModel;

// The open pipelines as a table. The selected pipeline's problems (a file that does not load,
// a failure, a retry) show inline above the table.
class PipelinesPage : public QWidget
{
    Q_OBJECT

public:
    explicit PipelinesPage(PipelineListModel *model, QWidget *parent = nullptr);

    PipelineController *currentPipeline() const;
    void select(PipelineController *controller);
    QTableView *view() const { return m_view; }
    // The selected pipeline's problems; the overview shows it above its cards and this table.
    InlineMessage *message() const { return m_message; }

signals:
    void currentPipelineChanged(syncline::ui::PipelineController *controller);

private:
    void updateMessage();
    void updatePlaceholder();

    PipelineListModel *m_model;
    InlineMessage *m_message;
    QTableView *m_view;
    QStackedLayout *m_stack;
};

} // namespace syncline::ui
