#include "webhook_receiver.h"

#include <QFile>
#include <QJsonDocument>

namespace syncline::test {

using namespace Qt::StringLiterals;

WebhookReceiver::WebhookReceiver(const QString &secret) : m_secret(secret) {}

WebhookReceiver::~WebhookReceiver()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill(); // our own child, by its handle
        m_process.waitForFinished(5000);
    }
}

bool WebhookReceiver::start(QString *error)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"WEBHOOK_SECRET"_s, m_secret);
    m_process.setProcessEnvironment(environment);
    m_process.start(
        u"python3"_s,
        {QStringLiteral(SYNCLINE_SOURCE_DIR) + u"/tests/integration/webhook_receiver.py"_s,
         m_dir.filePath(u"received.jsonl"_s), m_dir.filePath(u"stats.json"_s)});
    if (m_process.waitForReadyRead(10000))
        m_port = m_process.readLine().trimmed().toInt();
    if (m_port <= 0 && error)
        *error = u"the webhook receiver did not start: "_s +
                 QString::fromUtf8(m_process.readAllStandardError());
    return m_port > 0;
}

QString WebhookReceiver::url() const
{
    return u"http://127.0.0.1:%1/hook"_s.arg(m_port);
}

QList<QJsonObject> WebhookReceiver::changes() const
{
    QList<QJsonObject> changes;
    QFile file(m_dir.filePath(u"received.jsonl"_s));
    if (!file.open(QIODevice::ReadOnly))
        return changes;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (!line.isEmpty())
            changes.append(QJsonDocument::fromJson(line).object());
    }
    return changes;
}

QJsonObject WebhookReceiver::stats() const
{
    QFile file(m_dir.filePath(u"stats.json"_s));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

bool WebhookReceiver::acceptEverything()
{
    return QFile(m_dir.filePath(u"received.jsonl.accept-all"_s)).open(QIODevice::WriteOnly);
}

QString countedItemsSql(int rows)
{
    return u"CREATE TABLE items (id int PRIMARY KEY, n int NOT NULL, note text);"
           "INSERT INTO items SELECT g, 0, 'snapshot' FROM generate_series(1, %1) g;"_s.arg(rows);
}

QMap<int, QList<int>> nValuesById(const WebhookReceiver &receiver)
{
    QMap<int, QList<int>> arrived;
    for (const auto &change : receiver.changes()) {
        const QJsonObject after = change[QStringLiteral("after")].toObject();
        arrived[after[QStringLiteral("id")].toInt()].append(after[QStringLiteral("n")].toInt());
    }
    return arrived;
}

bool lastValuesArrived(const WebhookReceiver &receiver, const QList<QStringList> &rows, int except)
{
    const auto arrived = nValuesById(receiver);
    for (const QStringList &row : rows) {
        const int id = row[0].toInt();
        if (id != except &&
            arrived.value(id).value(arrived.value(id).size() - 1, -1) != row[1].toInt())
            return false;
    }
    return true;
}

} // namespace syncline::test
