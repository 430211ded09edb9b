#pragma once

#include <QHash>
#include <QPointF>
#include <QString>

namespace syncline::ui {

// Node positions of a designed pipeline, kept beside it in "<pipeline file>.layout.json" so the
// pipeline file stays as the engine reads it:
//   {"version": 1, "nodes": {"source": [x, y], "transport": [x, y], "sink:replica": [x, y]}}
// A missing or unreadable sidecar gives no positions (the designer lays the graph out).
QString layoutSidecarPath(const QString &pipelineFile);
QHash<QString, QPointF> readLayoutSidecar(const QString &pipelineFile);
bool writeLayoutSidecar(const QString &pipelineFile, const QHash<QString, QPointF> &positions);

} // namespace syncline::ui
