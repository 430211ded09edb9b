#include "pipelines_page.h"

#include "format.h"
#include "models/pipeline_list_model.h"
#include "pipeline_controller.h"
#include "widgets/inline_message.h"

#include <QHeaderView>
#include <QLabel>
#include <QStackedLayout>
#include <QTableView>
#include <QVBoxLayout>

namespace syncline::ui {

PipelinesPage::PipelinesPage(PipelineListModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_message(new InlineMessage(this)),
      m_view(new QTableView(this)), m_stack(new QStackedLayout)
{
    m_view->setObjectName(QStringLiteral("pipelineTable"));
    m_view->setModel(model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle); // long paths keep their file name
    m_view->setShowGrid(false);
    m_view->verticalHeader()->hide();
    auto *header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->resizeSection(PipelineListModel::Name, 140);
    header->resizeSection(PipelineListModel::State, 220);
    header->resizeSection(PipelineListModel::Position, 130);
    header->resizeSection(PipelineListModel::Lag, 200);
    header->resizeSection(PipelineListModel::Throughput, 150);
    header->resizeSection(PipelineListModel::DeadLetters, 95);

    auto *placeholder = new QLabel(tr("No pipeline is open.\nOpen a pipeline file with File ▸ Open "
                                      "(Ctrl+O), or drop one here."),
                                   this);
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setEnabled(false); // drawn in the palette's muted text colour
    m_stack->addWidget(placeholder);
    m_stack->addWidget(m_view);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addLayout(m_stack, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateMessage();
        emit currentPipelineChanged(currentPipeline());
    });
    connect(model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &first) {
        if (first.row() == m_view->currentIndex().row())
            updateMessage();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, &PipelinesPage::updatePlaceholder);
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
        updatePlaceholder();
        updateMessage();
    });
    updatePlaceholder();
}

PipelineController *PipelinesPage::currentPipeline() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? m_model->controllerAt(current.row()) : nullptr;
}

void PipelinesPage::select(PipelineController *controller)
{
    const QModelIndex index = m_model->indexOf(controller);
    if (index.isValid())
        m_view->setCurrentIndex(index);
}

void PipelinesPage::updateMessage()
{
    const PipelineController *controller = currentPipeline();
    if (!controller) {
        m_message->hide();
        return;
    }
    if (!controller->isLoaded()) {
        QStringList lines{tr("%1 cannot be run:").arg(controller->file())};
        for (const ConfigProblem &problem : controller->configProblems())
            lines.append(problem.toString());
        m_message->showMessage(InlineMessage::Kind::Error, lines.join(u'\n'));
        return;
    }
    const PipelineState state = controller->status().state;
    if (state == PipelineState::Failed)
        m_message->showMessage(InlineMessage::Kind::Error, Format::stateText(*controller));
    else if (state == PipelineState::Retrying)
        m_message->showMessage(InlineMessage::Kind::Warning, Format::stateText(*controller));
    else
        m_message->hide();
}

void PipelinesPage::updatePlaceholder()
{
    m_stack->setCurrentIndex(m_model->rowCount() > 0 ? 1 : 0);
}

} // namespace syncline::ui
