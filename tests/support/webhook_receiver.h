#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace syncline::test {

// tests/integration/webhook_receiver.py as a child process of the test: it verifies
// Syncline-Signature under `secret`, fails at random (500, 429 with Retry-After, slow answers),
// refuses changes whose note is "reject-me" with 400 until acceptEverything(), keeps each change
// once by its position, and counts what it saw (stats()). Killed by its handle when destroyed.
class WebhookReceiver
{
public:
    explicit WebhookReceiver(const QString &secret);
    ~WebhookReceiver();
    WebhookReceiver(const WebhookReceiver &) = delete;
    WebhookReceiver &operator=(const WebhookReceiver &) = delete;

    // Starts it and reads its port; false (with the reason in *error) when it did not start.
    bool start(QString *error = nullptr);
    int port() const { return m_port; }
    QString url() const; // http://127.0.0.1:<port>/hook

    // The changes it kept, in arrival order (its JSON-lines log).
    QList<QJsonObject> changes() const;
    // Its counters: requests, 500, 429, slow, 400, bad_signature, duplicates, accepted,
    // max_in_flight, key_overlaps (and the first overlapping_keys).
    QJsonObject stats() const;
    // From now on every request is accepted at once: "reject-me" too, and no random failures.
    bool acceptEverything();

private:
    QString m_secret;
    QTemporaryDir m_dir;
    QProcess m_process;
    int m_port = 0;
};

// Such a table, items (id int PRIMARY KEY, n int NOT NULL, note text), with the rows 1 to
// `rows` at n = 0 and note 'snapshot': the SQL that makes it.
QString countedItemsSql(int rows);

// For a table (id int, n int, ...) whose rows count their changes in n: per id, the n values of
// the changes the receiver kept, in arrival order.
QMap<int, QList<int>> nValuesById(const WebhookReceiver &receiver);
// Whether each row's (id, n as text) last value of n has arrived, but for the row `except`.
bool lastValuesArrived(const WebhookReceiver &receiver, const QList<QStringList> &rows,
                       int except = -1);

} // namespace syncline::test
