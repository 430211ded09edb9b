#pragma once

#include "connector/registry.h"

#include <QTreeWidget>

#include <optional>

namespace syncline::ui {

// The connector types of core's registry, grouped by kind, to drag onto the canvas (or
// double-click). A connector type added to core appears here without UI code.
class ConnectorPalette : public QTreeWidget
{
    Q_OBJECT

public:
    static const QString kMimeType; // "application/x-syncline-connector": "<kind>:<type>"

    explicit ConnectorPalette(QWidget *parent = nullptr);

    QTreeWidgetItem *itemFor(ConnectorKind kind, const QString &type) const;
    static QByteArray encode(ConnectorKind kind, const QString &type);
    static std::optional<std::pair<ConnectorKind, std::string>> decode(const QByteArray &data);

signals:
    void activatedConnector(syncline::ConnectorKind kind, const QString &type);

protected:
    QMimeData *mimeData(const QList<QTreeWidgetItem *> &items) const override;
    QStringList mimeTypes() const override { return {kMimeType}; }
};

} // namespace syncline::ui
