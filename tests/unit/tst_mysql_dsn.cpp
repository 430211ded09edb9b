// The MySQL source's dsn: libpq-style keyword=value pairs, quoting, and clear refusals.
#include "source/mysql/mysql_dsn.h"
#include "util/errors.h"

#include <QTest>

using syncline::PermanentError;
using syncline::mysql::MysqlDsn;

class TestMysqlDsn : public QObject
{
    Q_OBJECT

private slots:
    void readsEveryKeyword()
    {
        const auto dsn = MysqlDsn::parse(
            "host=db.example port=3307 user=repl password='s3 cr\\'et' database=shop");
        QCOMPARE(dsn.host, std::string("db.example"));
        QCOMPARE(dsn.port, 3307u);
        QCOMPARE(dsn.user, std::string("repl"));
        QCOMPARE(dsn.password, std::string("s3 cr'et"));
        QCOMPARE(dsn.database, std::string("shop"));
        QCOMPARE(dsn.redacted(), std::string("host=db.example port=3307 user=repl database=shop"));
    }
    void defaultsToLocalhostAndPort3306()
    {
        const auto dsn = MysqlDsn::parse("user=repl");
        QCOMPARE(dsn.host, std::string("127.0.0.1"));
        QCOMPARE(dsn.port, 3306u);
        QVERIFY(dsn.database.empty());
    }
    void refusesWhatItCannotUse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown keyword") << "user=a pasword=x"
                                         << "unknown keyword \"pasword\"";
        QTest::newRow("bad port") << "user=a port=70000"
                                  << "port must be";
        QTest::newRow("no user") << "host=x"
                                 << "user is missing";
        QTest::newRow("no equals") << "user=a shop"
                                   << "the value of user has a blank";
        QTest::newRow("no keyword") << "shop"
                                    << "expected keyword=value";
        QTest::newRow("signed port") << "user=a port=+5"
                                     << "port must be";
        // An unquoted password with a blank: the rest of it must not reach the message.
        QTest::newRow("blank in password") << "user=a password=pw abc database=shop"
                                           << "the value of password has a blank";
        QTest::newRow("open quote") << "user=a password='abc"
                                    << "not closed";
    }
    void refusesWhatItCannotUse()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        try {
            MysqlDsn::parse(text.toStdString());
            QFAIL("accepted");
        } catch (const PermanentError &error) {
            const QString message = QString::fromUtf8(error.what());
            QVERIFY2(message.contains(expected), qPrintable(message));
            QVERIFY2(!message.contains(QStringLiteral("abc")), qPrintable(message));
        }
    }
};

QTEST_GUILESS_MAIN(TestMysqlDsn)
#include "tst_mysql_dsn.moc"
