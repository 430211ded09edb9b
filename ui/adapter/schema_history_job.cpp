#include "schema_history_job.h"

#include "schema_snapshot.h"

#include <QFile>
#include <QMetaObject>

namespace syncline::ui {

SchemaHistoryJob::SchemaHistoryJob(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<SchemaSnapshotPtr>();
    m_thread.setObjectName(QStringLiteral("schema-history"));
    m_context.moveToThread(&m_thread);
    m_thread.start();
}

SchemaHistoryJob::~SchemaHistoryJob()
{
    cancel();
    m_thread.quit();
    m_thread.wait();
}

quint64 SchemaHistoryJob::load(const QString &stateDirectory)
{
    const quint64 generation = ++m_generation;
    m_latest->store(generation);
    const std::filesystem::path directory(QFile::encodeName(stateDirectory).toStdString());
    QMetaObject::invokeMethod(
        &m_context,
        [this, latest = m_latest, generation, directory] {
            if (latest->load() != generation)
                return; // a newer load is queued behind this one
            auto snapshot = std::make_shared<const SchemaSnapshot>(loadSchemaSnapshot(directory));
            QMetaObject::invokeMethod(
                this,
                [this, generation, snapshot] {
                    if (generation == m_generation)
                        emit loaded(generation, snapshot);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return generation;
}

void SchemaHistoryJob::cancel()
{
    m_latest->store(++m_generation);
}

} // namespace syncline::ui
