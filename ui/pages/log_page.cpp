#include "log_page.h"

#include "models/log_filter_proxy.h"
#include "models/log_model.h"
#include "models/pipeline_list_model.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QTableView>
#include <QVBoxLayout>

namespace syncline::ui {

LogPage::LogPage(LogModel *model, PipelineListModel *pipelines, QWidget *parent)
    : QWidget(parent), m_model(model), m_pipelines(pipelines), m_proxy(new LogFilterProxy(this)),
      m_levelBox(new QComboBox(this)), m_pipelineBox(new QComboBox(this)),
      m_categoryBox(new QComboBox(this)), m_textEdit(new QLineEdit(this)),
      m_view(new QTableView(this))
{
    m_proxy->setSourceModel(model);
    for (const LogLevel level :
         {LogLevel::Debug, LogLevel::Info, LogLevel::Warning, LogLevel::Error})
        m_levelBox->addItem(levelText(level), int(level));
    m_levelBox->setCurrentIndex(1);
    m_proxy->setMinimumLevel(LogLevel::Info);
    m_pipelineBox->setObjectName(QStringLiteral("logPipeline"));
    m_pipelineBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_pipelineBox->addItem(tr("All pipelines"), QString());
    m_categoryBox->addItem(tr("All categories"), QString());
    for (const QString &category : model->categories())
        m_categoryBox->addItem(category, category);
    m_textEdit->setPlaceholderText(tr("Filter messages"));
    m_textEdit->setClearButtonEnabled(true);
    auto *clear = new QPushButton(tr("Clear"), this);

    m_view->setObjectName(QStringLiteral("logTable"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->resizeSection(LogModel::Time, 110);
    m_view->horizontalHeader()->resizeSection(LogModel::Level, 80);
    m_view->horizontalHeader()->resizeSection(LogModel::Pipeline, 110);
    m_view->horizontalHeader()->resizeSection(LogModel::Category, 130);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Level:"), this));
    bar->addWidget(m_levelBox);
    bar->addWidget(new QLabel(tr("Pipeline:"), this));
    bar->addWidget(m_pipelineBox);
    bar->addWidget(new QLabel(tr("Category:"), this));
    bar->addWidget(m_categoryBox);
    bar->addWidget(m_textEdit, 1);
    bar->addWidget(clear);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    m_textTimer.setSingleShot(true);
    m_textTimer.setInterval(kFilterDelayMs);
    connect(&m_textTimer, &QTimer::timeout, this, &LogPage::applyTextFilter);
    connect(m_textEdit, &QLineEdit::textChanged, &m_textTimer, qOverload<>(&QTimer::start));
    connect(m_levelBox, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setMinimumLevel(LogLevel(m_levelBox->currentData().toInt())); });
    connect(m_pipelineBox, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setPipeline(m_pipelineBox->currentData().toString()); });
    if (pipelines) {
        // Names change when a file is reloaded; dataChanged also comes with every metrics
        // update, so the box is only rebuilt when the names differ.
        connect(pipelines, &QAbstractItemModel::rowsInserted, this, &LogPage::refreshPipelines);
        connect(pipelines, &QAbstractItemModel::rowsRemoved, this, &LogPage::refreshPipelines);
        connect(pipelines, &QAbstractItemModel::modelReset, this, &LogPage::refreshPipelines);
        connect(pipelines, &QAbstractItemModel::dataChanged, this, &LogPage::refreshPipelines);
        refreshPipelines();
    }
    connect(m_categoryBox, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setCategory(m_categoryBox->currentData().toString()); });
    connect(model, &LogModel::categoryAdded, this,
            [this](const QString &category) { m_categoryBox->addItem(category, category); });
    connect(clear, &QPushButton::clicked, model, &LogModel::clear);

    QScrollBar *scrollBar = m_view->verticalScrollBar();
    connect(scrollBar, &QScrollBar::valueChanged, this,
            [this, scrollBar](int value) { m_follow = value == scrollBar->maximum(); });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow)
            m_view->scrollToBottom();
    });
}

void LogPage::refreshPipelines()
{
    QStringList names;
    for (int row = 0; row < m_pipelines->rowCount(); ++row) {
        const QString name = m_pipelines->index(row, PipelineListModel::Name).data().toString();
        if (!name.isEmpty() && !names.contains(name))
            names.append(name);
    }
    if (names == m_pipelineNames)
        return;
    m_pipelineNames = names;
    const QString current = m_pipelineBox->currentData().toString();
    {
        const QSignalBlocker blocker(m_pipelineBox);
        m_pipelineBox->clear();
        m_pipelineBox->addItem(tr("All pipelines"), QString());
        for (const QString &name : std::as_const(names))
            m_pipelineBox->addItem(name, name);
        // A closed pipeline's filter falls back to all.
        m_pipelineBox->setCurrentIndex(std::max(0, m_pipelineBox->findData(current)));
    }
    m_proxy->setPipeline(m_pipelineBox->currentData().toString());
}

void LogPage::applyTextFilter()
{
    m_proxy->setText(m_textEdit->text());
}

} // namespace syncline::ui
