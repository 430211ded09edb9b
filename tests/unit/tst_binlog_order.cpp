// The MySQL source's 64-bit positions: a binary log place in one server's log, and the epoch
// that orders a later server's log (after a failover by GTID) after every earlier one's.
#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "source/mysql/binlog_order.h"
#include "util/errors.h"
#endif

using syncline::Lsn;
using syncline::PermanentError;
using syncline::mysql::epochStart;
using syncline::mysql::orderOf;

class TestBinlogOrder : public QObject
{
    Q_OBJECT

private slots:
    void epochZeroKeepsTheStoredEncoding()
    {
        // Positions sinks stored before epochs existed keep their meaning.
        QCOMPARE(orderOf({"binlog.000042", 0x1F4}, 0), Lsn((std::uint64_t(42) << 32) | 0x1F4));
        QCOMPARE(orderOf({"binlog.000042", 0x1F4}, 0).toString(), std::string("2A/1F4"));
        QCOMPARE(epochStart(0), Lsn());
    }
    void aLaterEpochOrdersAfterEveryPlaceOfAnEarlierOne()
    {
        // A promoted replica's log numbers its files anew, often lower than the old primary's.
        const Lsn oldPrimary = orderOf({"binlog.999999", 0xFFFFFFFFu}, 0);
        const Lsn newPrimary = orderOf({"replica-bin.000001", 4}, 1);
        QVERIFY(newPrimary > oldPrimary);
        QVERIFY(epochStart(1) > oldPrimary);
        QVERIFY(epochStart(1) <= orderOf({"replica-bin.000000", 0}, 1));
        QVERIFY(orderOf({"replica-bin.000002", 4}, 1) > orderOf({"replica-bin.000001", 999}, 1));
        QVERIFY(orderOf({"x.000001", 4}, 4095) > orderOf({"x.999999", 4}, 4094));
    }
    void refusesWhatDoesNotFit()
    {
        QVERIFY_THROWS_EXCEPTION(PermanentError, orderOf({"binlog", 4}, 0));
        QVERIFY_THROWS_EXCEPTION(PermanentError, orderOf({"binlog.1048576", 4}, 0));
        QVERIFY_THROWS_EXCEPTION(PermanentError, orderOf({"binlog.000001", 0x100000000ull}, 0));
        QVERIFY_THROWS_EXCEPTION(PermanentError, orderOf({"binlog.000001", 4}, 4096));
        QVERIFY_THROWS_EXCEPTION(PermanentError, epochStart(4096));
    }
};

QTEST_GUILESS_MAIN(TestBinlogOrder)
#include "tst_binlog_order.moc"
