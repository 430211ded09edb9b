// The direct transport's queue: bounded in items and in bytes, and an item offered to a full
// queue stays with the caller (the snapshot reader lost whole COPY chunks when it did not).

#include "util/bounded_queue.h"

#include <QTest>

#include <string>

using namespace std::chrono_literals;

class TestBoundedQueue : public QObject
{
    Q_OBJECT

private slots:
    void itemOfferedToAFullQueueStaysWithTheCaller()
    {
        syncline::BoundedQueue<std::string> queue(1);
        QVERIFY(queue.push(std::string("first"), 0ms));
        std::string second = "second chunk of COPY data";
        QVERIFY(!queue.push(std::move(second), 10ms));
        QCOMPARE(second, std::string("second chunk of COPY data"));
        QCOMPARE(*queue.pop(0ms), std::string("first"));
        QVERIFY(queue.push(std::move(second), 10ms));
        QCOMPARE(*queue.pop(0ms), std::string("second chunk of COPY data"));
    }

    void byteBudgetHoldsBackAndAdmitsOneLargeItem()
    {
        syncline::BoundedQueue<int> queue(100, 1000);
        QVERIFY(queue.push(1, 0ms, 600));
        QVERIFY(!queue.push(2, 10ms, 600)); // over the budget with the first
        QVERIFY(queue.push(3, 0ms, 400));   // fits beside it
        QCOMPARE(*queue.pop(0ms), 1);
        QCOMPARE(*queue.pop(0ms), 3);
        QVERIFY(queue.push(4, 0ms, 5000)); // larger than the budget, but alone
        QVERIFY(!queue.push(5, 10ms, 1));
        QCOMPARE(*queue.pop(0ms), 4);
        QVERIFY(queue.push(5, 0ms, 1));
    }

    void closeWakesAndDrains()
    {
        syncline::BoundedQueue<int> queue(2);
        QVERIFY(queue.push(7, 0ms));
        queue.close();
        QVERIFY(!queue.push(8, 0ms));
        QCOMPARE(*queue.pop(0ms), 7);
        QVERIFY(!queue.pop(0ms));
    }
};

QTEST_GUILESS_MAIN(TestBoundedQueue)
#include "tst_bounded_queue.moc"
