#pragma once

#include <QTreeWidget>

namespace syncline::ui {

struct AuditLog;

// The repairs of a pipeline's audit log (its dead-letter store's, shared with the CLI's
// `syncline repair` and `syncline dlq audit`): when, who, which sink and table, how many rows
// and of what kind. Newest first.
class RepairAuditView : public QTreeWidget
{
    Q_OBJECT

public:
    static constexpr int kShown = 50;

    explicit RepairAuditView(QWidget *parent = nullptr);

    // Shows the log's repair entries (others are the Dead letters page's); returns how many.
    int setLog(const AuditLog &log);
};

} // namespace syncline::ui
