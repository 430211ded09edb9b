// verify's key ranges: the pieces between split points cover the range once, with no gap and
// no overlap, whatever the range's own bounds.

#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "verify/key_range.h"
#endif

using namespace syncline::verify;

class TestKeyRange : public QObject
{
    Q_OBJECT

private slots:
    void piecesOfTheWholeTable()
    {
        const auto pieces = KeyRange::between({{"10"}, {"20"}}, KeyRange::all());
        QCOMPARE(pieces.size(), std::size_t(3));
        QVERIFY(!pieces[0].after);
        QCOMPARE(*pieces[0].upTo, Key{"10"});
        QCOMPARE(*pieces[1].after, Key{"10"});
        QCOMPARE(*pieces[1].upTo, Key{"20"});
        QCOMPARE(*pieces[2].after, Key{"20"});
        QVERIFY(!pieces[2].upTo);
    }

    void piecesOfARangeEndingAtASplitPoint()
    {
        // The last split point is the range's own end: no empty piece after it.
        const KeyRange range{Key{"0"}, Key{"30"}};
        const auto pieces = KeyRange::between({{"15"}, {"30"}}, range);
        QCOMPARE(pieces.size(), std::size_t(2));
        QCOMPARE(*pieces[0].after, Key{"0"});
        QCOMPARE(*pieces[0].upTo, Key{"15"});
        QCOMPARE(*pieces[1].after, Key{"15"});
        QCOMPARE(*pieces[1].upTo, Key{"30"});
    }

    void noSplitPointLeavesTheRangeWhole()
    {
        const KeyRange range{Key{"a", "1"}, std::nullopt};
        const auto pieces = KeyRange::between({}, range);
        QCOMPARE(pieces.size(), std::size_t(1));
        QCOMPARE(*pieces[0].after, (Key{"a", "1"}));
        QVERIFY(!pieces[0].upTo);
    }
};

QTEST_GUILESS_MAIN(TestKeyRange)
#include "tst_key_range.moc"
