#pragma once

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QTableView;

namespace syncline::ui {

class SourceTableModel;
struct SourceBrowseResult;

// Picks a source's tables: every table with a check box, its key and whether its changes can be
// captured; the server settings and privileges capture needs (wal_level, binlog_format, …) as
// they stand; and the exact SQL that fixes what is missing for the server and the checked
// tables. OK writes the checked tables to the source's "tables".
class SourceTablesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SourceTablesDialog(QWidget *parent = nullptr);

    void setLoading();
    void setResult(const SourceBrowseResult &result, const QStringList &checked);
    QStringList checkedTables() const;
    SourceTableModel *model() const { return m_model; }
    QLabel *serverLabel() const { return m_server; }
    QPlainTextEdit *fixSqlView() const { return m_fixSql; }

private:
    void updateFixSql();

    SourceTableModel *m_model;
    QLabel *m_server;
    QTableView *m_view;
    QPlainTextEdit *m_fixSql;
    QString m_serverFixSql;
};

} // namespace syncline::ui
