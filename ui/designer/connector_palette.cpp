#include "designer/connector_palette.h"

#include <QMimeData>

namespace syncline::ui {

const QString ConnectorPalette::kMimeType = QStringLiteral("application/x-syncline-connector");

namespace {

constexpr int kKindRole = Qt::UserRole;
constexpr int kTypeRole = Qt::UserRole + 1;

QString groupTitle(ConnectorKind kind)
{
    switch (kind) {
    case ConnectorKind::Source:
        return ConnectorPalette::tr("Sources");
    case ConnectorKind::Transform:
        return ConnectorPalette::tr("Transforms");
    case ConnectorKind::Transport:
        return ConnectorPalette::tr("Transports");
    case ConnectorKind::Sink:
        return ConnectorPalette::tr("Sinks");
    }
    return {};
}

} // namespace

ConnectorPalette::ConnectorPalette(QWidget *parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("connectorPalette"));
    setHeaderHidden(true);
    setDragEnabled(true);
    setDragDropMode(DragOnly);
    setRootIsDecorated(false);
    for (ConnectorKind kind : {ConnectorKind::Source, ConnectorKind::Transform,
                               ConnectorKind::Transport, ConnectorKind::Sink}) {
        auto *group = new QTreeWidgetItem(this, {groupTitle(kind)});
        group->setFlags(Qt::ItemIsEnabled);
        QFont bold = font();
        bold.setBold(true);
        group->setFont(0, bold);
        for (const auto &spec : connectorSpecs()) {
            if (spec.kind != kind)
                continue;
            auto *item = new QTreeWidgetItem(group, {QString::fromStdString(spec.type)});
            item->setData(0, kKindRole, int(kind));
            item->setData(0, kTypeRole, QString::fromStdString(spec.type));
            item->setToolTip(0, QString::fromStdString(spec.doc)); // core's English reference
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
        }
    }
    expandAll();
    connect(this, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        if (item->data(0, kTypeRole).isValid())
            emit activatedConnector(ConnectorKind(item->data(0, kKindRole).toInt()),
                                    item->data(0, kTypeRole).toString());
    });
}

QTreeWidgetItem *ConnectorPalette::itemFor(ConnectorKind kind, const QString &type) const
{
    for (int group = 0; group < topLevelItemCount(); ++group) {
        QTreeWidgetItem *parent = topLevelItem(group);
        for (int row = 0; row < parent->childCount(); ++row) {
            QTreeWidgetItem *item = parent->child(row);
            if (item->data(0, kKindRole).toInt() == int(kind) &&
                item->data(0, kTypeRole).toString() == type)
                return item;
        }
    }
    return nullptr;
}

QByteArray ConnectorPalette::encode(ConnectorKind kind, const QString &type)
{
    return QByteArray::number(int(kind)) + ':' + type.toUtf8();
}

std::optional<std::pair<ConnectorKind, std::string>>
ConnectorPalette::decode(const QByteArray &data)
{
    const qsizetype colon = data.indexOf(':');
    bool ok = false;
    const int kind = data.left(colon).toInt(&ok);
    if (colon < 0 || !ok || kind < 0 || kind > int(ConnectorKind::Transform))
        return std::nullopt;
    const std::string type = data.mid(colon + 1).toStdString();
    if (!findConnector(ConnectorKind(kind), type))
        return std::nullopt;
    return std::pair(ConnectorKind(kind), type);
}

QMimeData *ConnectorPalette::mimeData(const QList<QTreeWidgetItem *> &items) const
{
    if (items.size() != 1 || !items.front()->data(0, kTypeRole).isValid())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setData(kMimeType, encode(ConnectorKind(items.front()->data(0, kKindRole).toInt()),
                                    items.front()->data(0, kTypeRole).toString()));
    return mime;
}

} // namespace syncline::ui
