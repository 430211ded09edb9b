#include "designer/source_tables_dialog.h"

#include "designer/source_table_model.h"
#include "source_probe_job.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace syncline::ui {

SourceTablesDialog::SourceTablesDialog(QWidget *parent)
    : QDialog(parent), m_model(new SourceTableModel(this)), m_server(new QLabel(this)),
      m_view(new QTableView(this)), m_fixSql(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("sourceTablesDialog"));
    setWindowTitle(tr("Source Tables"));
    m_server->setWordWrap(true);
    m_server->setTextFormat(Qt::RichText);
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_fixSql->setReadOnly(true);
    m_fixSql->setObjectName(QStringLiteral("fixSql"));
    m_fixSql->setMaximumHeight(90);
    m_fixSql->setPlaceholderText(tr("Nothing to fix for the checked tables."));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Use Checked Tables"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_model, &SourceTableModel::dataChanged, this, &SourceTablesDialog::updateFixSql);
    connect(m_model, &SourceTableModel::modelReset, this, &SourceTablesDialog::updateFixSql);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_server);
    layout->addWidget(m_view, 1);
    layout->addWidget(
        new QLabel(tr("What makes the server and the checked tables ready for capture:"), this));
    layout->addWidget(m_fixSql);
    layout->addWidget(buttons);
    resize(760, 460);
}

void SourceTablesDialog::setLoading()
{
    m_server->setText(tr("Reading the source's tables…"));
    m_server->setStyleSheet({});
    m_model->setTables({}, {});
}

void SourceTablesDialog::setResult(const SourceBrowseResult &result, const QStringList &checked)
{
    if (!result.error.isEmpty()) {
        m_server->setTextFormat(Qt::PlainText);
        m_server->setText(tr("Cannot read the source: %1").arg(result.error));
        m_server->setStyleSheet(QStringLiteral("color: #c62828;"));
        return;
    }
    const SourceInspection &inspection = result.inspection;
    QStringList lines{QString::fromStdString(inspection.server).toHtmlEscaped()};
    QStringList fixes;
    for (const auto &requirement : inspection.requirements) {
        const QString name = QString::fromStdString(requirement.name).toHtmlEscaped();
        const QString current = QString::fromStdString(requirement.current).toHtmlEscaped();
        if (requirement.met()) {
            lines += QStringLiteral("<span style=\"color: #2e7d32;\">✔ %1: %2</span>")
                         .arg(name, current);
            continue;
        }
        lines +=
            QStringLiteral("<span style=\"color: #c62828;\">✘ %1: %2</span>")
                .arg(name,
                     tr("%1, capture needs %2")
                         .arg(current, QString::fromStdString(requirement.wanted).toHtmlEscaped()));
        fixes += QString::fromStdString(requirement.fix);
    }
    m_server->setTextFormat(Qt::RichText);
    m_server->setStyleSheet({});
    m_server->setText(lines.join(QStringLiteral("<br>")));
    m_serverFixSql = fixes.join(QLatin1Char('\n'));
    m_model->setTables(inspection.tables, checked);
    m_view->resizeColumnsToContents();
}

QStringList SourceTablesDialog::checkedTables() const
{
    return m_model->checkedTables();
}

void SourceTablesDialog::updateFixSql()
{
    QStringList sql;
    if (!m_serverFixSql.isEmpty())
        sql += m_serverFixSql;
    if (const QString tables = m_model->fixSql(); !tables.isEmpty())
        sql += tables;
    m_fixSql->setPlainText(sql.join(QLatin1Char('\n')));
}

} // namespace syncline::ui
