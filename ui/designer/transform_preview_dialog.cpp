#include "designer/transform_preview_dialog.h"

#include "designer/transform_preview_model.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace syncline::ui {

TransformPreviewDialog::TransformPreviewDialog(QWidget *parent)
    : QDialog(parent), m_model(new TransformPreviewModel(this)), m_tables(new QComboBox(this)),
      m_fetch(new QPushButton(tr("Fetch rows"), this)),
      m_showRaw(new QPushButton(tr("Show raw values…"), this)), m_status(new QLabel(this)),
      m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("transformPreview"));
    setWindowTitle(tr("Transform preview"));
    m_tables->setEditable(true); // a table the source names by pattern can be typed
    m_tables->setObjectName(QStringLiteral("previewTable"));
    m_fetch->setObjectName(QStringLiteral("fetchPreview"));
    m_showRaw->setObjectName(QStringLiteral("showRawValues"));
    m_showRaw->setEnabled(false);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Table:"), this));
    top->addWidget(m_tables, 1);
    top->addWidget(m_fetch);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_showRaw, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);
    resize(720, 480);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_fetch, &QPushButton::clicked, this,
            [this] { emit fetchRequested(m_tables->currentText().trimmed()); });
    connect(m_showRaw, &QPushButton::clicked, this, &TransformPreviewDialog::confirmRawValues);
}

void TransformPreviewDialog::setTables(const QStringList &tables, const QString &current)
{
    m_tables->clear();
    m_tables->addItems(tables);
    m_tables->setCurrentText(current.isEmpty() && !tables.isEmpty() ? tables.front() : current);
}

void TransformPreviewDialog::setLoading()
{
    m_model->clear();
    m_showRaw->setEnabled(false);
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Fetching up to %n row(s)…", nullptr, kRows));
}

void TransformPreviewDialog::setError(const QString &message)
{
    m_model->clear();
    m_showRaw->setEnabled(false);
    m_status->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_status->setText(message);
}

void TransformPreviewDialog::setPreview(transform::ChainPreview preview)
{
    m_model->setPreview(std::move(preview));
    m_showRaw->setEnabled(m_model->sampledRows() > 0);
    m_status->setStyleSheet(QString());
    m_status->setText(m_model->sampledRows() == 0
                          ? tr("The table has no rows.")
                          : tr("%n row(s) before and after the transforms; raw values are "
                               "hidden.",
                               nullptr, m_model->sampledRows()));
    m_view->resizeColumnsToContents();
}

void TransformPreviewDialog::confirmRawValues()
{
    QMessageBox box(QMessageBox::Warning, tr("Show raw values?"),
                    tr("Show raw values? They may contain personal data."),
                    QMessageBox::Yes | QMessageBox::No, this);
    box.setObjectName(QStringLiteral("confirmRawValues"));
    box.setDefaultButton(QMessageBox::No);
    if (box.exec() != QMessageBox::Yes)
        return;
    m_model->setRawVisible(true);
    m_showRaw->setEnabled(false);
    m_view->resizeColumnsToContents();
}

void TransformPreviewDialog::hideEvent(QHideEvent *event)
{
    m_model->clear(); // raw values leave memory with the dialog
    m_showRaw->setEnabled(false);
    QDialog::hideEvent(event);
}

} // namespace syncline::ui
