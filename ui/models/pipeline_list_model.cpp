#include "pipeline_list_model.h"

#include "format.h"
#include "pipeline_controller.h"
#include "pipeline_workspace.h"

#include <QColor>
#include <QDir>

#include <algorithm>

namespace syncline::ui {
namespace {

bool differsOrFailed(const VerificationStatus &verification)
{
    return std::any_of(
        verification.tables.begin(), verification.tables.end(),
        [](const TableVerification &t) { return t.differences() > 0 || !t.error.empty(); });
}

// One line per table: "warehouse public.orders: 3 differ (scheduled, 2026-12-04T10:00:00Z)".
QString verificationDetail(const VerificationStatus &verification)
{
    QStringList lines;
    for (const auto &t : verification.tables) {
        const QString outcome =
            !t.error.empty()
                ? PipelineListModel::tr("not compared: %1").arg(QString::fromStdString(t.error))
            : t.differences() > 0
                ? PipelineListModel::tr("%n row(s) differ", nullptr, int(t.differences()))
                : PipelineListModel::tr("equal");
        lines.append(QStringLiteral("%1 %2: %3 (%4, %5)")
                         .arg(QString::fromStdString(t.sink), QString::fromStdString(t.table),
                              outcome, QString::fromStdString(t.trigger),
                              QString::fromStdString(t.verifiedAt)));
    }
    if (verification.scheduled && !verification.nextRunAt.empty())
        lines.append(PipelineListModel::tr("Next scheduled run: %1")
                         .arg(QString::fromStdString(verification.nextRunAt)));
    return lines.join(u'\n');
}

} // namespace

QColor PipelineListModel::stateColor(const PipelineController &controller)
{
    if (!controller.isLoaded())
        return QColor(0xd3, 0x2f, 0x2f);
    switch (controller.status().state) {
    case PipelineState::Streaming:
        return QColor(0x2e, 0x9d, 0x4f);
    case PipelineState::Starting:
    case PipelineState::Snapshotting:
        return QColor(0x1e, 0x88, 0xe5);
    case PipelineState::Retrying:
        return QColor(0xf5, 0x9e, 0x0b);
    case PipelineState::Failed:
        return QColor(0xd3, 0x2f, 0x2f);
    case PipelineState::Stopped:
    case PipelineState::Paused:
        break;
    }
    return QColor(0x9e, 0x9e, 0x9e);
}

QString PipelineListModel::verificationText(const VerificationStatus &verification)
{
    if (verification.running)
        return PipelineListModel::tr("verifying…");
    const auto &tables = verification.tables;
    const auto failed = std::count_if(tables.begin(), tables.end(),
                                      [](const TableVerification &t) { return !t.error.empty(); });
    if (const int different = verification.tablesDifferent(); different > 0)
        return PipelineListModel::tr("%n table(s) differ", nullptr, different);
    if (failed > 0)
        return PipelineListModel::tr("%n table(s) not compared", nullptr, int(failed));
    return tables.empty() ? QString() : PipelineListModel::tr("equal");
}

PipelineListModel::PipelineListModel(PipelineWorkspace *workspace, QObject *parent)
    : WorkspaceRows(workspace, parent)
{
    followWorkspace();
}

void PipelineListModel::watch(PipelineController *controller)
{
    connect(controller, &PipelineController::configChanged, this,
            [this, controller] { rowChanged(controller, Name, ColumnCount - 1); });
    connect(controller, &PipelineController::statusChanged, this, [this, controller] {
        rowChanged(controller, State, Position);
        rowChanged(controller, Verified, Verified);
    });
    connect(controller, &PipelineController::metricsUpdated, this,
            [this, controller] { rowChanged(controller, Lag, DeadLetters); });
}

void PipelineListModel::rowChanged(PipelineController *controller, int firstColumn, int lastColumn)
{
    const QModelIndex first = indexOf(controller, firstColumn);
    if (first.isValid())
        emit dataChanged(first, first.siblingAtColumn(lastColumn));
}

int PipelineListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QModelIndex PipelineListModel::indexOf(PipelineController *controller, int column) const
{
    const qsizetype row = m_workspace->indexOf(controller);
    return row < 0 ? QModelIndex() : index(int(row), column);
}

QVariant PipelineListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PipelineController &controller = *controllerAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(controller, index.column());
    case Qt::ToolTipRole:
        if (index.column() == File)
            return controller.file();
        if (index.column() == Lag)
            return Format::lagText(controller, true);
        if (index.column() == Verified)
            return verificationDetail(controller.status().verification);
        return display(controller, index.column());
    case Qt::ForegroundRole:
        if (index.column() == Verified && differsOrFailed(controller.status().verification))
            return QColor(0xd3, 0x2f, 0x2f);
        if (index.column() == Lag && !controller.metrics().captureWarning.empty())
            return QColor(0xd3, 0x2f, 0x2f);
        return {};
    case Qt::DecorationRole:
        return index.column() == State ? QVariant(stateColor(controller)) : QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == DeadLetters)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant PipelineListModel::display(const PipelineController &controller, int column) const
{
    switch (column) {
    case Name:
        return controller.name();
    case State:
        return Format::stateText(controller);
    case Position: {
        const Lsn lsn = controller.status().confirmedLsn;
        return lsn.isValid() ? QString::fromStdString(lsn.toString()) : QString();
    }
    case Lag:
        return Format::lagText(controller, false);
    case Throughput:
        return Format::throughputText(controller);
    case DeadLetters:
        return controller.metrics().timeMs == 0
                   ? QString()
                   : Format::count(controller.metrics().totalDeadLetters);
    case Verified:
        return verificationText(controller.status().verification);
    case File:
        return QDir::toNativeSeparators(controller.file());
    }
    return {};
}

QVariant PipelineListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Pipeline");
    case State:
        return tr("State");
    case Position:
        return tr("Confirmed position");
    case Lag:
        return tr("Lag");
    case Throughput:
        return tr("Events");
    case DeadLetters:
        return tr("Dead letters");
    case Verified:
        return tr("Verified");
    case File:
        return tr("File");
    }
    return {};
}

} // namespace syncline::ui
