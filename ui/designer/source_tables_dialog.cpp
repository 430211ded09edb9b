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
    : QDialog(parent), m_model(new SourceTableModel(this)), m_wal(new QLabel(this)),
      m_view(new QTableView(this)), m_fixSql(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("sourceTablesDialog"));
    setWindowTitle(tr("Source Tables"));
    m_wal->setWordWrap(true);
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
    layout->addWidget(m_wal);
    layout->addWidget(m_view, 1);
    layout->addWidget(new QLabel(tr("SQL that makes the checked tables capturable:"), this));
    layout->addWidget(m_fixSql);
    layout->addWidget(buttons);
    resize(760, 460);
}

void SourceTablesDialog::setLoading()
{
    m_wal->setText(tr("Reading the source's tables…"));
    m_model->setTables({}, {});
}

void SourceTablesDialog::setResult(const SourceBrowseResult &result, const QStringList &checked)
{
    if (!result.error.isEmpty()) {
        m_wal->setText(tr("Cannot read the source: %1").arg(result.error));
        m_wal->setStyleSheet(QStringLiteral("color: #c62828;"));
        return;
    }
    m_walFixSql = result.walFixSql;
    const bool logical = result.walFixSql.isEmpty();
    m_wal->setText(logical ? tr("wal_level is logical: the server can stream changes.")
                           : tr("wal_level is %1; logical replication needs wal_level = logical "
                                "and a server restart.")
                                 .arg(result.walLevel));
    m_wal->setStyleSheet(logical ? QStringLiteral("color: #2e7d32;")
                                 : QStringLiteral("color: #c62828;"));
    m_model->setTables(result.tables, checked);
    m_view->resizeColumnsToContents();
}

QStringList SourceTablesDialog::checkedTables() const
{
    return m_model->checkedTables();
}

void SourceTablesDialog::updateFixSql()
{
    QStringList sql;
    if (!m_walFixSql.isEmpty())
        sql += m_walFixSql;
    if (const QString tables = m_model->fixSql(); !tables.isEmpty())
        sql += tables;
    m_fixSql->setPlainText(sql.join(QLatin1Char('\n')));
}

} // namespace syncline::ui
