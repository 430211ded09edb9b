// Connection strings reach logs and screens only through redactConnInfo(); secrets never do.

#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "pg/connection.h"
#include "pg/conninfo.h"
#endif

using syncline::pg::redactConnInfo;

class TestConnInfo : public QObject
{
    Q_OBJECT

private slots:
    void secretsAreRemoved_data()
    {
        QTest::addColumn<QString>("conninfo");
        QTest::addColumn<QString>("expected");
        QTest::newRow("password") << QStringLiteral(
                                         "host=h port=5 dbname=d user=u password=hunter2")
                                  << QStringLiteral("user=u dbname=d host=h port=5");
        QTest::newRow("quoted password")
            << QStringLiteral("host=h password='a b\\' hunter2'") << QStringLiteral("host=h");
        QTest::newRow("ssl key password")
            << QStringLiteral("host=h sslpassword=hunter2") << QStringLiteral("host=h");
        QTest::newRow("URI") << QStringLiteral("postgresql://u:hunter2@h:5/d")
                             << QStringLiteral("user=u dbname=d host=h port=5");
        QTest::newRow("malformed") << QStringLiteral("host=h hunter2")
                                   << QStringLiteral("(unparseable connection string)");
    }
    void secretsAreRemoved()
    {
        QFETCH(QString, conninfo);
        QFETCH(QString, expected);
        const QString redacted = QString::fromStdString(redactConnInfo(conninfo.toStdString()));
        QCOMPARE(redacted, expected);
        QVERIFY(!redacted.contains(QStringLiteral("hunter2")));
    }

    void malformedConnInfoIsNotEchoed()
    {
        try {
            syncline::pg::Connection::open("host=127.0.0.1 hunter2");
            QFAIL("a malformed connection string was accepted");
        } catch (const syncline::pg::Error &error) {
            QVERIFY2(!QString::fromUtf8(error.what()).contains(QStringLiteral("hunter2")),
                     error.what());
            QVERIFY(!error.isTransient());
        }
    }
};

QTEST_GUILESS_MAIN(TestConnInfo)
#include "tst_conninfo.moc"
