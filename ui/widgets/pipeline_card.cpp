#include "pipeline_card.h"

#include "models/fleet_model.h"
#include "pipeline/pipeline_status.h"
#include "widgets/sparkline.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QToolButton>
#include <QVBoxLayout>

namespace syncline::ui {
namespace {

QLabel *mutedLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

PipelineCard::PipelineCard(const QPersistentModelIndex &index, QWidget *parent)
    : QFrame(parent), m_index(index), m_dot(new QLabel(this)), m_name(new QLabel(this)),
      m_alerts(new QLabel(this)), m_state(new QLabel(this)), m_reason(new QLabel(this)),
      m_lagText(mutedLabel(this)), m_lagLine(new Sparkline(this)),
      m_throughputText(mutedLabel(this)), m_throughputLine(new Sparkline(this)),
      m_figures(new QLabel(this)), m_sinks(new QLabel(this))
{
    setObjectName(QStringLiteral("pipelineCard"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    setMinimumWidth(340);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);

    QFont bold = m_name->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_name->setFont(bold);
    m_name->setTextInteractionFlags(Qt::NoTextInteraction);
    m_dot->setFixedSize(12, 12);
    m_alerts->setObjectName(QStringLiteral("cardAlerts"));
    m_alerts->setStyleSheet(QStringLiteral(
        "QLabel { background: #d32f2f; color: white; border-radius: 8px; padding: 0 6px; }"));
    m_alerts->hide();
    m_reason->setWordWrap(true);
    m_state->setMinimumWidth(1); // elided to the card's width, not widening it
    m_reason->setForegroundRole(QPalette::PlaceholderText);
    m_sinks->setWordWrap(true);
    m_sinks->setObjectName(QStringLiteral("cardSinks"));
    m_figures->setObjectName(QStringLiteral("cardFigures"));
    m_state->setObjectName(QStringLiteral("cardState"));
    m_lagLine->setObjectName(QStringLiteral("lagSparkline"));
    m_throughputLine->setObjectName(QStringLiteral("throughputSparkline"));
    m_throughputLine->setColor(QColor(0x2e, 0x9d, 0x4f));

    auto *header = new QHBoxLayout;
    header->addWidget(m_dot);
    header->addWidget(m_name, 1);
    header->addWidget(m_alerts);

    auto *charts = new QGridLayout;
    charts->setHorizontalSpacing(12);
    charts->setVerticalSpacing(0);
    charts->addWidget(m_lagText, 0, 0);
    charts->addWidget(m_throughputText, 0, 1);
    charts->addWidget(m_lagLine, 1, 0);
    charts->addWidget(m_throughputLine, 1, 1);

    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(4);
    addButton(Action::StartOrStop, QStringLiteral("cardStartStop"));
    addButton(Action::PauseOrResume, QStringLiteral("cardPauseResume"));
    addButton(Action::Dashboard, QStringLiteral("cardDashboard"))->setText(tr("Dashboard"));
    addButton(Action::DeadLetters, QStringLiteral("cardDeadLetters"))->setText(tr("Dead letters"));
    for (QToolButton *button : std::as_const(m_buttons))
        buttons->addWidget(button);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(6);
    layout->addLayout(header);
    layout->addWidget(m_state);
    layout->addWidget(m_reason);
    layout->addLayout(charts);
    layout->addWidget(m_figures);
    layout->addWidget(m_sinks);
    layout->addLayout(buttons);
    refresh();
}

QToolButton *PipelineCard::addButton(Action action, const QString &objectName)
{
    auto *button = new QToolButton(this);
    button->setObjectName(objectName);
    button->setAutoRaise(false);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(button, &QToolButton::clicked, this, [this, action] {
        emit clicked(); // acting on a card selects it first
        emit actionTriggered(action);
    });
    m_buttons.append(button);
    return button;
}

QToolButton *PipelineCard::button(Action action) const
{
    return m_buttons.value(int(action));
}

void PipelineCard::refresh()
{
    if (!m_index.isValid())
        return;
    const auto role = [this](int r) { return m_index.data(r); };
    m_name->setText(role(Qt::DisplayRole).toString());
    setToolTip(role(Qt::ToolTipRole).toString());
    const QColor color = role(FleetModel::StateColorRole).value<QColor>();
    m_dot->setStyleSheet(QStringLiteral("background: %1; border-radius: 6px;").arg(color.name()));
    const QString stateText = role(FleetModel::StateTextRole).toString();
    const QString reason = role(FleetModel::ReasonRole).toString();
    // A retry's or failure's reason is part of the state text already: said once, in full in
    // the tooltip, elided on the card.
    m_state->setToolTip(stateText);
    m_state->setText(m_state->fontMetrics().elidedText(stateText, Qt::ElideRight,
                                                       std::max(200, m_state->width())));
    m_reason->setText(reason);
    m_reason->setVisible(!reason.isEmpty() && !stateText.contains(reason));

    const int alerts = role(FleetModel::AlertsRole).toInt();
    m_alerts->setText(tr("%n alert(s)", nullptr, alerts));
    m_alerts->setVisible(alerts > 0);

    m_lagText->setText(tr("Lag: %1").arg(role(FleetModel::LagTextRole).toString()));
    m_lagLine->setPoints(role(FleetModel::LagSeriesRole).value<QList<QPointF>>(),
                         FleetModel::kSparklineMs);
    m_throughputText->setText(
        tr("Events: %1").arg(role(FleetModel::ThroughputTextRole).toString()));
    m_throughputLine->setPoints(role(FleetModel::ThroughputSeriesRole).value<QList<QPointF>>(),
                                FleetModel::kSparklineMs);

    QString verified = role(FleetModel::VerifyTextRole).toString();
    if (verified.isEmpty())
        verified = tr("never");
    m_figures->setText(tr("Dead letters: %1   ·   Alerts: %2   ·   Verified: %3")
                           .arg(role(FleetModel::DeadLettersRole).toLongLong())
                           .arg(alerts)
                           .arg(verified));
    const QStringList sinks = role(FleetModel::SinksRole).toStringList();
    QStringList lines;
    for (const QString &sink : sinks)
        lines.append(u"→ " + sink);
    m_sinks->setText(lines.join(u'\n'));
    m_sinks->setVisible(!sinks.isEmpty());

    const int state = role(FleetModel::StateRole).toInt();
    const bool running = role(FleetModel::RunningRole).toBool();
    const bool paused = role(FleetModel::PausedRole).toBool();
    button(Action::StartOrStop)->setText(running ? tr("Stop") : tr("Start"));
    button(Action::StartOrStop)->setEnabled(state >= 0);
    button(Action::PauseOrResume)->setText(paused ? tr("Resume") : tr("Pause"));
    button(Action::PauseOrResume)->setEnabled(running);
}

void PipelineCard::setSelected(bool selected)
{
    if (m_selected == selected)
        return;
    m_selected = selected;
    update();
}

void PipelineCard::paintEvent(QPaintEvent *event)
{
    QFrame::paintEvent(event);
    if (!m_selected)
        return;
    // A selected card is outlined in the highlight colour, in light and dark palettes alike.
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
    painter.drawRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), 3, 3);
}

void PipelineCard::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        emit clicked();
    QFrame::mousePressEvent(event);
}

} // namespace syncline::ui
