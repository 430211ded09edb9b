// The masking example end to end through `syncline run` (direct transport): e-mail
// addresses and phone numbers hashed with HMAC-SHA-256 under a key from ${PII_KEY} (checked
// against Qt's own HMAC), payment card numbers tokenized with FF1 under a key from a file
// (digits stay digits, one token per number), a users' card kept to its last four digits, in
// the initial snapshot
// and in streamed inserts, updates and deletes, a masked key column still finding its rows; and
// no raw value anywhere downstream: the target, the runner's log, every file of the state
// directory. A mask that would break a key column refuses to run.

#include "pipeline_fixture.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QMessageAuthenticationCode>
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
    u"ada@example.com"_s, u"grace@example.com"_s, u"edsger@example.com"_s, u"+44 20 7946 0001"_s,
    u"+1 555 0102"_s,     u"4111111111111111"_s,  u"5500000000000004"_s,   u"340000000000009"_s};

// The example as written, with a partial mask added.
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
                            "    keep: 4\n"_s;

} // namespace

class TestMaskingPipeline : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qputenv("PII_KEY", kKey); }

    void nothingRawLeavesTheEngine()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"masking"_s,
                              u"CREATE TABLE users (id int PRIMARY KEY, email text, "
                              "  phone varchar(80), card text NOT NULL, note text);"
                              "CREATE TABLE accounts (email text PRIMARY KEY, balance int);"
                              "CREATE TABLE payments (id int PRIMARY KEY, "
                              "  card_number text NOT NULL, amount numeric);"
                              "INSERT INTO payments VALUES (1, '4111111111111111', 10),"
                              "  (2, '5500000000000004', 20), (3, '4111111111111111', 30);"
                              "INSERT INTO users VALUES "
                              "  (1, 'ada@example.com', '+44 20 7946 0001', '4111111111111111', "
                              "   'first'),"
                              "  (2, 'grace@example.com', NULL, '5500000000000004', 'second');"
                              "INSERT INTO accounts VALUES ('ada@example.com', 10),"
                              "  ('grace@example.com', 20);"_s,
                              {u"public.users"_s, u"public.accounts"_s, u"public.payments"_s}));
        QTemporaryDir keys;
        QFile keyFile(keys.filePath(u"fpe.key"_s));
        QVERIFY(keyFile.open(QIODevice::WriteOnly));
        keyFile.write("an fpe key that only this test knows\n");
        keyFile.close();
        f->setTopLevel(kTransforms.arg(keyFile.fileName()));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        f->source().exec(f->db, u"INSERT INTO users VALUES (3, 'edsger@example.com', "
                                "'+1 555 0102', '340000000000009', 'third');"
                                "UPDATE users SET note = 'changed' WHERE id = 1;"
                                "INSERT INTO accounts VALUES ('edsger@example.com', 30);"
                                "UPDATE accounts SET balance = 11 WHERE email = 'ada@example.com';"
                                "DELETE FROM accounts WHERE email = 'grace@example.com';"
                                "INSERT INTO payments VALUES (4, '340000000000009', 40);"_s);

        const QString users =
            u"SELECT id, email, coalesce(phone, 'null'), card, note FROM users ORDER BY id"_s;
        const QList<QStringList> expected = {
            {u"1"_s, hmacHex(u"ada@example.com"_s), hmacHex(u"+44 20 7946 0001"_s),
             u"************1111"_s, u"changed"_s},
            {u"2"_s, hmacHex(u"grace@example.com"_s), u"null"_s, u"************0004"_s,
             u"second"_s},
            {u"3"_s, hmacHex(u"edsger@example.com"_s), hmacHex(u"+1 555 0102"_s),
             u"***********0009"_s, u"third"_s}};
        QElapsedTimer timer;
        timer.start();
        while (f->target().query(f->db, users) != expected && timer.elapsed() < 30000)
            QThread::msleep(200);
        QCOMPARE(f->target().query(f->db, users), expected);
        // The hashed key finds its rows: the update and the delete applied.
        const QString accounts = u"SELECT email, balance FROM accounts ORDER BY balance"_s;
        const QList<QStringList> expectedAccounts = {{hmacHex(u"ada@example.com"_s), u"11"_s},
                                                     {hmacHex(u"edsger@example.com"_s), u"30"_s}};
        while (f->target().query(f->db, accounts) != expectedAccounts && timer.elapsed() < 30000)
            QThread::msleep(200);
        QCOMPARE(f->target().query(f->db, accounts), expectedAccounts);
        // Card numbers tokenized: digits of the same count, one token per number.
        const QString payments = u"SELECT card_number FROM payments ORDER BY id"_s;
        while (f->target().query(f->db, payments).size() < 4 && timer.elapsed() < 30000)
            QThread::msleep(200);
        const auto cards = f->target().query(f->db, payments);
        QCOMPARE(cards.size(), 4);
        const QList<int> lengths = {16, 16, 16, 15};
        for (int i = 0; i < 4; ++i) {
            const QString card = cards[i][0];
            QVERIFY2(card.size() == lengths[i] &&
                         card.toStdString().find_first_not_of("0123456789") == std::string::npos,
                     qPrintable(card));
        }
        QCOMPARE(cards[0][0], cards[2][0]);
        QVERIFY(cards[0][0] != cards[1][0]);
        SYNCLINE_EXPECT_OK(f->stopGracefully());

        // Nothing raw downstream: the target's tables, the runner's log, the state directory.
        QString targetText;
        for (const auto &row : f->target().query(f->db, u"SELECT p::text FROM users p UNION ALL "
                                                        "SELECT a::text FROM accounts a UNION ALL "
                                                        "SELECT c::text FROM payments c"_s))
            targetText += row.join(u'|') + u'\n';
        const QString log = f->runner.output();
        const QString stateDir = QFileInfo(f->pipelineFile).dir().filePath(u".syncline/masking"_s);
        QVERIFY(QDir(stateDir).exists());
        for (const QString &raw : kRawValues) {
            QVERIFY2(!targetText.contains(raw), qPrintable(raw + u" on the target"_s));
            QVERIFY2(!log.contains(raw), qPrintable(raw + u" in the log"_s));
            QDirIterator files(stateDir, QDir::Files, QDirIterator::Subdirectories);
            while (files.hasNext()) {
                QFile file(files.next());
                QVERIFY(file.open(QIODevice::ReadOnly));
                QVERIFY2(!file.readAll().contains(raw.toUtf8()),
                         qPrintable(raw + u" in "_s + file.fileName()));
            }
        }
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
