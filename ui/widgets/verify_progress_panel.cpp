#include "verify_progress_panel.h"

#include "format.h"
#include "remaining_time.h"
#include "verify_outcome.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>

#include <algorithm>

namespace syncline::ui {

namespace {

constexpr int kBarSteps = 1000; // the bar's range: rows can exceed an int

} // namespace

VerifyProgressPanel::VerifyProgressPanel(QWidget *parent)
    : QWidget(parent), m_bar(new QProgressBar(this)), m_label(new QLabel(this)),
      m_cancel(
          new QPushButton(style()->standardIcon(QStyle::SP_DialogCancelButton), tr("Cancel"), this))
{
    m_bar->setObjectName(QStringLiteral("verifyProgressBar"));
    m_label->setObjectName(QStringLiteral("verifyProgressText"));
    m_cancel->setObjectName(QStringLiteral("verifyCancel"));
    m_cancel->setToolTip(tr("Stop comparing. A repair already requested goes on in the pipeline."));
    m_bar->setRange(0, kBarSteps);
    m_bar->setTextVisible(true);
    m_bar->setMaximumWidth(320);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bar);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_label->setText(tr("Cancelling…"));
        emit cancelRequested();
    });
    hide();
}

void VerifyProgressPanel::start(const QString &what)
{
    m_bar->setRange(0, 0); // busy until an estimate is known
    m_label->setText(what);
    m_cancel->setEnabled(true);
    show();
}

void VerifyProgressPanel::beginPass(long long rowsEstimated)
{
    m_bar->setRange(0, rowsEstimated > 0 ? kBarSteps : 0);
    m_bar->setValue(0);
    if (rowsEstimated > 0)
        m_label->setText(tr("About %1 rows to compare").arg(Format::count(rowsEstimated)));
}

QString VerifyProgressPanel::progressText(const VerifyProgress &progress)
{
    QStringList parts;
    parts.append(
        progress.rowsEstimated > 0
            ? tr("%1 of about %2 rows")
                  .arg(Format::count(progress.rowsCompared), Format::count(progress.rowsEstimated))
            : tr("%1 rows").arg(Format::count(progress.rowsCompared)));
    if (progress.seconds > 0)
        parts.append(Format::rate(double(progress.rowsCompared) / progress.seconds));
    const QString eta = Format::eta(remainingSeconds(
        double(progress.rowsCompared), double(progress.rowsEstimated), progress.seconds));
    if (!eta.isEmpty() && progress.rowsCompared < progress.rowsEstimated)
        parts.append(eta);
    if (!progress.table.isEmpty())
        parts.append(tr("%1 on %2").arg(progress.table, progress.sink));
    return parts.join(QStringLiteral(" · "));
}

void VerifyProgressPanel::setProgress(const VerifyProgress &progress)
{
    if (progress.rowsEstimated > 0) {
        m_bar->setRange(0, kBarSteps);
        const double share = double(progress.rowsCompared) / double(progress.rowsEstimated);
        m_bar->setValue(int(std::clamp(share, 0.0, 1.0) * kBarSteps));
    }
    if (m_cancel->isEnabled())
        m_label->setText(progressText(progress));
}

void VerifyProgressPanel::setStage(const QString &text)
{
    m_bar->setRange(0, 0);
    m_label->setText(text);
}

void VerifyProgressPanel::finish()
{
    hide();
}

} // namespace syncline::ui
