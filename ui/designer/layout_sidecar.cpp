#include "designer/layout_sidecar.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace syncline::ui {

QString layoutSidecarPath(const QString &pipelineFile)
{
    return pipelineFile + QStringLiteral(".layout.json");
}

QHash<QString, QPointF> readLayoutSidecar(const QString &pipelineFile)
{
    QFile file(layoutSidecarPath(pipelineFile));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    if (root.value(QStringLiteral("version")).toInt() != 1)
        return {};
    QHash<QString, QPointF> positions;
    const QJsonObject nodes = root.value(QStringLiteral("nodes")).toObject();
    for (auto it = nodes.begin(); it != nodes.end(); ++it) {
        const QJsonArray xy = it.value().toArray();
        if (xy.size() == 2)
            positions.insert(it.key(), QPointF(xy.at(0).toDouble(), xy.at(1).toDouble()));
    }
    return positions;
}

bool writeLayoutSidecar(const QString &pipelineFile, const QHash<QString, QPointF> &positions)
{
    QJsonObject nodes;
    for (auto it = positions.begin(); it != positions.end(); ++it)
        nodes.insert(it.key(), QJsonArray{it.value().x(), it.value().y()});
    const QJsonObject root{{QStringLiteral("version"), 1}, {QStringLiteral("nodes"), nodes}};
    QSaveFile file(layoutSidecarPath(pipelineFile));
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(root).toJson());
    return file.commit();
}

} // namespace syncline::ui
