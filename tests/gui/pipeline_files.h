#pragma once

#include <QFile>
#include <QTemporaryDir>

// Pipeline files in a temporary directory, for console tests that run no server.
class PipelineFiles
{
public:
    QString path() const { return m_dir.path(); }

    QString write(const QString &name, const QString &yaml)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        file.write(yaml.toUtf8());
        return path;
    }

    // Nothing listens on port 1: every session fails to connect, transiently (a started
    // pipeline retries). Its slot is <name>_slot.
    QString unreachablePipeline(const QString &name)
    {
        return write(name + QStringLiteral(".yaml"),
                     QStringLiteral("pipeline: %1\n"
                                    "source:\n"
                                    "  type: postgres\n"
                                    "  dsn: \"host=127.0.0.1 port=1 dbname=shop user=app\"\n"
                                    "  slot: %1_slot\n"
                                    "  tables: [public.orders]\n"
                                    "sinks:\n"
                                    "  - name: replica\n"
                                    "    type: postgres\n"
                                    "    dsn: \"host=127.0.0.1 port=1 dbname=replica\"\n")
                         .arg(name));
    }

private:
    QTemporaryDir m_dir;
};
