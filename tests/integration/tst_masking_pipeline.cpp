// The masking example end to end through `syncline run` (direct transport): e-mail
// addresses and phone numbers hashed with HMAC-SHA-256 under a key from ${PII_KEY} (checked
// against Qt's own HMAC), payment card numbers tokenized with FF1 under a key from a file
// (digits stay digits, one token per number), a users' card kept to its last four digits, in
// the initial snapshot
// and in streamed inserts, updates and deletes, a masked key column still finding its rows; and
// no raw value anywhere downstream: the target, the runner's log, every file of the state
// directory (the dead-letter store holds a change the target refused, with the target's error
// quoting the row), and, through Kafka, every message of every topic read back with kcat. A mask
// that would break a key column refuses to run.

#include "kafka_mock.h"
#include "kafka_pipeline.h"
#include "pipeline_fixture.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kKey = "masking-test-key-1";

QString hmacHex(const QString &value)
{
    return QString::fromLatin1(
        QMessageAuthenticationCode::hash(value.toUtf8(), kKey, QCryptographicHash::Sha256).toHex());
}

// Every raw personal value the source ever holds in this test.
const QStringList kRawValues = {
    u"ada@example.com"_s,     u"grace@example.com"_s, u"edsger@example.com"_s,
    u"+44 20 7946 0001"_s,    u"+1 555 0102"_s,       u"4111111111111111"_s,
    u"5500000000000004"_s,    u"340000000000009"_s,   u"lead@example.com"_s,
    u"1815-12-10"_s,          u"1906-12-09"_s,        u"1930-05-11"_s,
    u"billing@example.com"_s, u"4000000000000002"_s};

// The example as written, with a partial mask and a date shift added.
const QString kTransforms = u"transforms:\n"
                            "  - type: mask\n"
                            "    columns: [\"*.email\", \"public.users.phone\"]\n"
                            "    with: hash            # HMAC-SHA-256\n"
                            "    key: ${PII_KEY}\n"
                            "  - type: mask\n"
                            "    columns: [\"public.payments.card_number\"]\n"
                            "    with: tokenize        # FF1, digits stay digits\n"
                            "    key: file:%1\n"
                            "  - type: mask\n"
                            "    columns: [\"public.users.card\"]\n"
                            "    with: partial\n"
                            "    keep: 4\n"
                            "  - type: mask\n"
                            "    columns: [users.born]\n"
                            "    with: date_shift\n"
                            "    days: 30\n"
                            "    key: ${PII_KEY}\n"_s;

const QString kSchemaSql =
    u"CREATE TABLE users (id int PRIMARY KEY, email text, "
    "  phone varchar(80), card text NOT NULL, note text, born date);"
    "CREATE TABLE accounts (email text PRIMARY KEY, balance int);"
    "CREATE TABLE payments (id int PRIMARY KEY, "
    "  card_number text NOT NULL, amount numeric);"
    "CREATE TABLE leads (id int PRIMARY KEY, email text, note text);"
    "INSERT INTO payments VALUES (1, '4111111111111111', 10),"
    "  (2, '5500000000000004', 20), (3, '4111111111111111', 30);"
    "INSERT INTO users VALUES "
    "  (1, 'ada@example.com', '+44 20 7946 0001', '4111111111111111', "
    "   'first', '1815-12-10'),"
    "  (2, 'grace@example.com', NULL, '5500000000000004', 'second', '1906-12-09');"
    "INSERT INTO accounts VALUES ('ada@example.com', 10),"
    "  ('grace@example.com', 20);"_s;
const QStringList kTables = {u"public.users"_s, u"public.accounts"_s, u"public.payments"_s,
                             u"public.leads"_s};

// The first raw value `bytes` hold; empty when none.
QString rawValueIn(const QByteArray &bytes)
{
    for (const QString &raw : kRawValues)
        if (bytes.contains(raw.toUtf8()))
            return raw;
    return {};
}

} // namespace

class TestMaskingPipeline : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qputenv("PII_KEY", kKey); }

    // Streams the workload through `f` with the masks: the key file goes in `keys`.
    static QString streamMasked(PipelineFixture &f, const QTemporaryDir &keys)
    {
        QFile keyFile(keys.filePath(u"fpe.key"_s));
        if (!keyFile.open(QIODevice::WriteOnly))
            return u"cannot write the key file"_s;
        keyFile.write("an fpe key that only this test knows\n");
        keyFile.close();
        f.setTopLevel(kTransforms.arg(keyFile.fileName()));
        if (const QString problem = f.startStreaming(); !problem.isEmpty())
            return problem;
        f.source().exec(f.db, u"INSERT INTO users VALUES (3, 'edsger@example.com', "
                              "'+1 555 0102', '340000000000009', 'third', '1930-05-11');"
                              "UPDATE users SET note = 'changed' WHERE id = 1;"
                              "INSERT INTO accounts VALUES ('edsger@example.com', 30);"
                              "UPDATE accounts SET balance = 11 WHERE email = 'ada@example.com';"
                              "DELETE FROM accounts WHERE email = 'grace@example.com';"
                              "INSERT INTO payments VALUES (4, '340000000000009', 40);"
                              "INSERT INTO leads VALUES (1, 'lead@example.com', 'reject');"
                              // An added column's default fills the rows that exist: masked too.
                              "ALTER TABLE payments ADD COLUMN email text "
                              "  DEFAULT 'billing@example.com';"
                              "INSERT INTO payments VALUES (5, '4000000000000002', 50);"_s);
        return {};
    }

    // Waits until `sql` on the target gives `expected`; else says what it gave.
    static QString waitForRows(PipelineFixture &f, const QString &sql,
                               const QList<QStringList> &expected)
    {
        QElapsedTimer timer;
        timer.start();
        while (f.target().query(f.db, sql) != expected && timer.elapsed() < 30000)
            QThread::msleep(200);
        const auto rows = f.target().query(f.db, sql);
        if (rows == expected)
            return {};
        QString text;
        for (const auto &row : rows)
            text += row.join(u'|') + u'\n';
        return sql + u" gave:\n"_s + text;
    }

    // The target holds the masked rows: hashes as Qt computes them, tokens of the cards' shape,
    // a masked key that still found its rows for the update and the delete.
    static QString targetIsMasked(PipelineFixture &f)
    {
        const QList<QStringList> users = {
            {u"1"_s, hmacHex(u"ada@example.com"_s), hmacHex(u"+44 20 7946 0001"_s),
             u"************1111"_s, u"changed"_s},
            {u"2"_s, hmacHex(u"grace@example.com"_s), u"null"_s, u"************0004"_s,
             u"second"_s},
            {u"3"_s, hmacHex(u"edsger@example.com"_s), hmacHex(u"+1 555 0102"_s),
             u"***********0009"_s, u"third"_s}};
        const QList<QStringList> accounts = {{hmacHex(u"ada@example.com"_s), u"11"_s},
                                             {hmacHex(u"edsger@example.com"_s), u"30"_s}};
        QString problem = waitForRows(
            f, u"SELECT id, email, coalesce(phone, 'null'), card, note FROM users ORDER BY id"_s,
            users);
        if (problem.isEmpty())
            problem =
                waitForRows(f, u"SELECT email, balance FROM accounts ORDER BY balance"_s, accounts);
        // Birth dates moved by 1 to 30 days, each row its own way.
        if (problem.isEmpty())
            problem = waitForRows(f,
                                  u"SELECT id, abs(born - (ARRAY[DATE '1815-12-10', '1906-12-09', "
                                  u"'1930-05-11'])[id]) "
                                  "BETWEEN 1 AND 30 FROM users ORDER BY id"_s,
                                  {{u"1"_s, u"t"_s}, {u"2"_s, u"t"_s}, {u"3"_s, u"t"_s}});
        if (problem.isEmpty())
            problem = waitForRows(f, u"SELECT DISTINCT email FROM payments"_s,
                                  {{hmacHex(u"billing@example.com"_s)}});
        if (!problem.isEmpty())
            return problem;
        // Card numbers tokenized: digits of the same count, one token per number.
        const QString lengths = u"SELECT length(card_number), card_number ~ '^[0-9]+$', "
                                "card_number = (SELECT card_number FROM payments WHERE id = 1) "
                                "FROM payments ORDER BY id"_s;
        return waitForRows(f, lengths,
                           {{u"16"_s, u"t"_s, u"t"_s},
                            {u"16"_s, u"t"_s, u"f"_s},
                            {u"16"_s, u"t"_s, u"t"_s},
                            {u"15"_s, u"t"_s, u"f"_s},
                            {u"16"_s, u"t"_s, u"f"_s}});
    }

    // The first file under `dir` that holds a raw value, and the value; empty when none.
    static QString rawValueUnder(const QString &dir)
    {
        QDirIterator files(dir, QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            if (!file.open(QIODevice::ReadOnly))
                return u"cannot read "_s + file.fileName();
            if (const QString raw = rawValueIn(file.readAll()); !raw.isEmpty())
                return raw + u" in "_s + file.fileName();
        }
        return {};
    }

    void nothingRawLeavesTheEngine()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"masking"_s, kSchemaSql, kTables));
        // The target refuses the lead: the change is dead-lettered with the target's error,
        // which quotes the row.
        f->target().exec(f->db, u"CREATE TABLE leads (id int PRIMARY KEY, email text, "
                                "note text CHECK (note <> 'reject'))"_s);
        QTemporaryDir keys;
        SYNCLINE_EXPECT_OK(streamMasked(*f, keys));
        SYNCLINE_EXPECT_OK(targetIsMasked(*f));
        const QString stateDir = QFileInfo(f->pipelineFile).dir().filePath(u".syncline/masking"_s);
        // The dead letter is there, masked; so the scan below has it to read.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QDirIterator files(stateDir, QDir::Files, QDirIterator::Subdirectories);
                while (files.hasNext()) {
                    QFile file(files.next());
                    if (file.open(QIODevice::ReadOnly) &&
                        file.readAll().contains(hmacHex(u"lead@example.com"_s).toLatin1()))
                        return true;
                }
                return false;
            }(),
            30000);
        // Verify compares masked to masked: every table equal but the lead the target refused,
        // and its report (and the history it keeps in the state directory) quotes nothing raw.
        const auto [verified, verifyReport] =
            SynclineRunner::runOnce({u"verify"_s, f->pipelineFile});
        QVERIFY2(verified == 3 && verifyReport.contains(u"1 differences in 1 of 4 tables"_s),
                 qPrintable(verifyReport));
        QCOMPARE(rawValueIn(verifyReport.toUtf8()), QString());
        SYNCLINE_EXPECT_OK(f->stopGracefully());

        // Replay works on the masked change: once the target accepts it, the lead arrives masked.
        f->target().exec(f->db, u"ALTER TABLE leads DROP CONSTRAINT leads_note_check"_s);
        const auto [replayed, replayReport] =
            SynclineRunner::runOnce({u"dlq"_s, u"replay"_s, f->pipelineFile, u"--all"_s});
        QVERIFY2(replayed == 0, qPrintable(replayReport));
        QCOMPARE(rawValueIn(replayReport.toUtf8()), QString());
        QCOMPARE(f->target().queryValue(f->db, u"SELECT email || ' ' || note FROM leads"_s),
                 hmacHex(u"lead@example.com"_s) + u" reject"_s);

        // Nothing raw downstream: the target's tables, the runner's log, the state directory.
        QByteArray targetText;
        for (const auto &row : f->target().query(f->db, u"SELECT p::text FROM users p UNION ALL "
                                                        "SELECT a::text FROM accounts a UNION ALL "
                                                        "SELECT c::text FROM payments c"_s))
            targetText += row.join(u'|').toUtf8() + '\n';
        QCOMPARE(rawValueIn(targetText), QString());
        QCOMPARE(rawValueIn(f->runner.output().toUtf8()), QString());
        QVERIFY(QDir(stateDir).exists());
        QCOMPARE(rawValueUnder(stateDir), QString());
    }

    // Through Kafka: every message of every topic, read back with kcat, is masked.
    void nothingRawOnKafkaTopics()
    {
        KafkaMockCluster kafka;
        const QString prefix = u"masking_kafka"_s;
        QStringList topics{prefix + u"._schemas"_s};
        for (const QString &table : kTables)
            topics << prefix + u'.' + table;
        for (const QString &topic : topics)
            kafka.createTopic(topic, 1);
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(prefix, kSchemaSql, kTables));
        f->setTransport(u"  type: kafka\n  brokers: \"%1\"\n  topic_prefix: %2\n  partitions: 1\n"
                        "  properties:\n"_s.arg(kafka.bootstrap(), prefix) +
                        quickGroupProperties());
        QTemporaryDir keys;
        SYNCLINE_EXPECT_OK(streamMasked(*f, keys));
        SYNCLINE_EXPECT_OK(targetIsMasked(*f));
        SYNCLINE_EXPECT_OK(f->stopGracefully());

        QByteArray messages;
        for (const QString &topic : topics) {
            QProcess kcat;
            kcat.start(u"kcat"_s, {u"-b"_s, kafka.bootstrap(), u"-C"_s, u"-t"_s, topic, u"-o"_s,
                                   u"beginning"_s, u"-e"_s, u"-q"_s, u"-f"_s, u"%k %s %h\n"_s});
            QVERIFY(kcat.waitForFinished(30000));
            QCOMPARE(kcat.exitCode(), 0);
            messages += kcat.readAllStandardOutput();
        }
        QVERIFY(messages.contains(hmacHex(u"edsger@example.com"_s).toLatin1()));
        QCOMPARE(rawValueIn(messages), QString());
        QCOMPARE(rawValueIn(f->runner.output().toUtf8()), QString());
    }

    // A column a DBA tagged as personal data in its comment must be masked, or named in
    // allow_unmasked: validate (exit 2) and run refuse the pipeline until it is.
    void taggedColumnsFailClosed()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"masking_tags"_s,
                              u"CREATE TABLE users (id int PRIMARY KEY, email text, note text);"
                              "COMMENT ON COLUMN users.email IS 'Login. pii:email';"
                              "COMMENT ON COLUMN users.note IS 'pii:free_text';"
                              "INSERT INTO users VALUES (1, 'ada@example.com', 'likes tea');"_s,
                              {u"public.users"_s}));
        const QString byName = u"transforms:\n"
                               "  - type: mask\n"
                               "    columns: [\"*.email\"]\n"
                               "    with: hash\n"
                               "    key: ${PII_KEY}\n"_s;
        f->setTopLevel(byName);
        const auto [refused, report] = SynclineRunner::runOnce({u"validate"_s, f->pipelineFile});
        QCOMPARE(refused, 2);
        QVERIFY2(report.contains(u"masked by no transform: public.users.note (pii:free_text)"_s) &&
                     report.contains(u".yaml:"_s) && !report.contains(u"pii:email)"_s),
                 qPrintable(report));
        f->runner.start({u"run"_s, f->pipelineFile});
        QVERIFY(f->runner.waitForExit(60000) > 0);
        QVERIFY2(f->runner.output().contains(u"public.users.note (pii:free_text)"_s),
                 qPrintable(f->runner.outputTail()));
        QVERIFY(!f->runner.output().contains(u"likes tea"_s));

        f->setTopLevel(byName + u"allow_unmasked: [users.note]\n"_s);
        const auto [allowed, ok] = SynclineRunner::runOnce({u"validate"_s, f->pipelineFile});
        QVERIFY2(allowed == 0, qPrintable(ok));

        // Masked by its tag: the note never reaches the target as it is.
        f->setTopLevel(byName + u"  - type: mask\n"
                                "    tagged: [\"pii:*\"]\n"
                                "    with: redact\n"_s);
        SYNCLINE_EXPECT_OK(f->startStreaming());
        f->source().exec(f->db, u"INSERT INTO users VALUES (2, 'grace@example.com', 'coffee')"_s);
        SYNCLINE_EXPECT_OK(waitForRows(*f, u"SELECT id, email, note FROM users ORDER BY id"_s,
                                       {{u"1"_s, u"[redacted]"_s, u"[redacted]"_s},
                                        {u"2"_s, u"[redacted]"_s, u"[redacted]"_s}}));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void aMaskThatBreaksKeysRefusesToRun()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"masking_key"_s,
                              u"CREATE TABLE accounts (email text PRIMARY KEY, balance int);"
                              "INSERT INTO accounts VALUES ('ada@example.com', 10);"_s,
                              {u"public.accounts"_s}));
        f->setTopLevel(u"transforms:\n"
                       "  - type: mask\n"
                       "    columns: [email]\n"
                       "    with: partial\n"_s);
        f->runner.start({u"run"_s, f->pipelineFile});
        QVERIFY(f->runner.waitForExit(60000) > 0);
        QVERIFY2(f->runner.output().contains(u"the key column public.accounts.email is masked "
                                             "with partial"_s),
                 qPrintable(f->runner.outputTail()));
        // Refused before anything was read or created.
        QCOMPARE(f->target().queryValue(f->db, u"SELECT to_regclass('public.accounts') IS NULL"_s),
                 u"t"_s);
        QVERIFY(!f->runner.output().contains(u"ada@example.com"_s));
    }
};

QTEST_GUILESS_MAIN(TestMaskingPipeline)
#include "tst_masking_pipeline.moc"
