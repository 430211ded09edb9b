#include "pipeline_detail_pane.h"

#include "format.h"
#include "models/fleet_model.h"
#include "models/log_model.h"
#include "pipeline/status_report.h"
#include "pipeline_controller.h"

#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace syncline::ui {
namespace {

QLabel *paneLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setTextFormat(Qt::RichText);
    return label;
}

QGroupBox *group(const QString &title, QLabel *content, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(content);
    layout->addStretch(1);
    return box;
}

QString row(const QString &name, const QString &value)
{
    return u"<tr><td style=\"padding-right:12px\">"_s + name.toHtmlEscaped() + u"</td><td>"_s +
           value.toHtmlEscaped() + u"</td></tr>"_s;
}

} // namespace

PipelineDetailPane::PipelineDetailPane(QAbstractItemModel *log, QWidget *parent)
    : QWidget(parent), m_log(log), m_slot(paneLabel(u"detailSlot"_s, this)),
      m_sinks(paneLabel(u"detailSinks"_s, this)), m_errors(paneLabel(u"detailErrors"_s, this))
{
    setObjectName(u"pipelineDetail"_s);
    m_sinks->setTextFormat(Qt::PlainText);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(group(tr("Replication slot"), m_slot, this), 2);
    layout->addWidget(group(tr("Sinks"), m_sinks, this), 2);
    layout->addWidget(group(tr("Last errors"), m_errors, this), 3);

    m_updateTimer.setSingleShot(true);
    m_updateTimer.setInterval(250);
    connect(&m_updateTimer, &QTimer::timeout, this, &PipelineDetailPane::updateNow);
    connect(log, &QAbstractItemModel::rowsInserted, this, &PipelineDetailPane::scheduleUpdate);
    connect(log, &QAbstractItemModel::modelReset, this, &PipelineDetailPane::scheduleUpdate);
    updateNow();
}

void PipelineDetailPane::setPipeline(PipelineController *controller)
{
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_pipeline = controller;
    if (controller) {
        for (auto signal :
             {&PipelineController::statusChanged, &PipelineController::serverStatusChanged,
              &PipelineController::configChanged})
            m_connections.append(
                connect(controller, signal, this, &PipelineDetailPane::scheduleUpdate));
        controller->probeServers();
    }
    updateNow();
}

PipelineController *PipelineDetailPane::pipeline() const
{
    return m_pipeline;
}

void PipelineDetailPane::scheduleUpdate()
{
    if (!m_updateTimer.isActive())
        m_updateTimer.start();
}

void PipelineDetailPane::updateNow()
{
    m_updateTimer.stop();
    m_slot->setText(slotHtml());
    const QStringList sinks = m_pipeline ? FleetModel::sinkLines(*m_pipeline) : QStringList();
    m_sinks->setText(m_pipeline ? (sinks.isEmpty() ? tr("No sinks.") : sinks.join(u'\n'))
                                : QString());
    m_errors->setText(errorsHtml());
}

QString PipelineDetailPane::slotHtml() const
{
    if (!m_pipeline)
        return tr("Select a pipeline to see its slot, sinks and last errors.").toHtmlEscaped();
    const QString name = m_pipeline->slotName();
    if (name.isEmpty() && m_pipeline->isLoaded())
        return tr("No source: this pipeline reads Kafka topics.").toHtmlEscaped();
    const StatusReportPtr report = m_pipeline->serverStatus();
    QString html = u"<table>"_s + row(tr("Name"), name);
    if (!report) {
        html += row(tr("Status"), tr("reading…"));
    } else if (!report->sourceError.empty()) {
        html += row(tr("Status"),
                    tr("unreachable: %1").arg(QString::fromStdString(report->sourceError)));
    } else if (!report->slotExists) {
        html += row(tr("Status"), tr("not created yet"));
    } else {
        html += row(tr("Active"), report->slotActive ? tr("yes") : tr("no"));
        html += row(tr("Confirmed"), QString::fromStdString(report->confirmedFlush.toString()));
        html += row(tr("Server at"), QString::fromStdString(report->currentWal.toString()));
        html += row(tr("Lag"), Format::bytes(double(report->lagBytes)));
        html += row(tr("Retained WAL"), Format::bytes(double(report->retainedBytes)));
        html += row(tr("wal_status"), report->walStatus.empty()
                                          ? tr("unknown")
                                          : QString::fromStdString(report->walStatus));
        if (!report->captureWarning.empty())
            html += row(tr("Warning"), QString::fromStdString(report->captureWarning));
    }
    return html + u"</table>"_s;
}

QString PipelineDetailPane::errorsHtml() const
{
    if (!m_pipeline)
        return {};
    const QString name = m_pipeline->name();
    QStringList lines;
    for (int i = m_log->rowCount() - 1; i >= 0 && lines.size() < kLastErrors; --i) {
        const QModelIndex index = m_log->index(i, LogModel::Message);
        if (index.data(LogModel::PipelineRole).toString() != name ||
            index.data(LogModel::LevelRole).toInt() < int(LogLevel::Warning))
            continue;
        const QString time = m_log->index(i, LogModel::Time).data().toString();
        const QString level = m_log->index(i, LogModel::Level).data().toString();
        lines.append(u"<p><b>"_s + QString(time + u' ' + level).toHtmlEscaped() + u"</b> "_s +
                     index.data().toString().toHtmlEscaped() + u"</p>"_s);
    }
    if (lines.isEmpty())
        return tr("No warnings or errors logged since the console started.").toHtmlEscaped();
    return lines.join(QString());
}

QString PipelineDetailPane::slotText() const
{
    return m_slot->text();
}

QString PipelineDetailPane::sinksText() const
{
    return m_sinks->text();
}

QString PipelineDetailPane::errorsText() const
{
    return m_errors->text();
}

} // namespace syncline::ui
