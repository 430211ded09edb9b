// The Kafka transport's bookkeeping without a broker: message positions, and what the
// embedded broker's backlog lets through.

#include "transport/kafka/embedded_backlog.h"
#include "transport/kafka/message_position.h"

#include <QTest>

using namespace syncline;
using namespace syncline::kafka;

class TestKafkaPositionsUnit : public QObject
{
    Q_OBJECT

private slots:
    void positionsParseAndOrder_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("0/16B3748#5") << true;
        QTest::newRow("high") << QStringLiteral("1A/0#0") << true;
        QTest::newRow("no index") << QStringLiteral("0/16B3748#") << false;
        QTest::newRow("no hash") << QStringLiteral("0/16B3748") << false;
        QTest::newRow("bad index") << QStringLiteral("0/1#x") << false;
        QTest::newRow("bad lsn") << QStringLiteral("zz#1") << false;
        QTest::newRow("empty") << QString() << false;
    }

    void positionsParseAndOrder()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        const auto position = MessagePosition::parse(text.toStdString());
        QCOMPARE(position.has_value(), valid);
        if (valid)
            QCOMPARE(QString::fromStdString(position->toString()), text);
    }

    // A transaction committed exactly at the consistent point sorts after every snapshot row.
    void snapshotRowsSortBelowTheConsistentPoint()
    {
        const Lsn consistentPoint(0x16B3748);
        const MessagePosition streamed{consistentPoint.value(), 0};
        QVERIFY(snapshotPosition(consistentPoint, 0) < streamed);
        QVERIFY(snapshotPosition(consistentPoint, 1u << 30) < streamed);
        QVERIFY(snapshotPosition(consistentPoint, 0) < snapshotPosition(consistentPoint, 2));
        QVERIFY(snapshotPosition(consistentPoint, 0).lsn < consistentPoint.value());
    }

    void backlogCountsTheIncomingMessage()
    {
        EmbeddedBacklog backlog;
        std::int64_t committed = -1;
        backlog.startSession({[&](const TopicPartition &) { return committed; }});
        const TopicPartition partition{"t", 0};
        const std::int64_t mb = 1024 * 1024;
        QVERIFY(!backlog.full(5 * mb)); // alone, even larger than the budget
        backlog.queued(partition, mb);
        QVERIFY(backlog.full(2 * mb)); // queued + incoming over the budget
        QVERIFY(!backlog.full(mb / 2));
        backlog.delivered(partition, 0, mb);
        QVERIFY(backlog.full(2 * mb)); // not consumed yet
        committed = 1;
        QVERIFY(!backlog.full(2 * mb));
        // A new session counts what the last one left unconsumed.
        backlog.queued(partition, mb);
        backlog.delivered(partition, 1, mb);
        committed = -1;
        backlog.startSession({[&](const TopicPartition &) { return committed; }});
        QVERIFY(backlog.full(2 * mb));
    }

    void largeMessagesGetSpacers()
    {
        EmbeddedBacklog backlog;
        const TopicPartition partition{"t", 0};
        QVERIFY(!backlog.needsSpacer(partition, 1000));
        QVERIFY(backlog.needsSpacer(partition, 3 * 1024 * 1024));
        backlog.queued(partition, 3 * 1024 * 1024);
        QVERIFY(backlog.needsSpacer(partition, 1000)); // after a large one too
        backlog.queued(partition, 0);                  // the spacer
        QVERIFY(!backlog.needsSpacer(partition, 1000));
        QVERIFY(!backlog.needsSpacer({"t", 1}, 1000));
    }
};

QTEST_GUILESS_MAIN(TestKafkaPositionsUnit)
#include "tst_kafka_positions_unit.moc"
