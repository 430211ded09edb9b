// Table entries with * (public.*, sales.order_*): what they match, and how a pipeline's
// entries turn into the tables it captures.

#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "source/postgres/source_tables.h"
#endif

using namespace syncline;

class TestTablePatterns : public QObject
{
    Q_OBJECT

private slots:
    void matches_data()
    {
        QTest::addColumn<QString>("entry");
        QTest::addColumn<QString>("table");
        QTest::addColumn<bool>("matches");
        QTest::newRow("schema star") << "public.*"
                                     << "public.orders" << true;
        QTest::newRow("star never spans the dot") << "public.*"
                                                  << "publicx.orders" << false;
        QTest::newRow("prefix") << "sales.order_*"
                                << "sales.order_2026" << true;
        QTest::newRow("prefix itself") << "sales.order_*"
                                       << "sales.order_" << true;
        QTest::newRow("other prefix") << "sales.order_*"
                                      << "sales.orders" << false;
        QTest::newRow("any schema") << "*.audit"
                                    << "billing.audit" << true;
        QTest::newRow("middle") << "public.t_*_log"
                                << "public.t_x_y_log" << true;
        QTest::newRow("middle no end") << "public.t_*_log"
                                       << "public.t_x_logs" << false;
        QTest::newRow("exact name") << "public.orders"
                                    << "public.orders" << true;
    }
    void matches()
    {
        QFETCH(QString, entry);
        QFETCH(QString, table);
        QFETCH(bool, matches);
        QCOMPARE(matchesTableEntry(entry.toStdString(), table.toStdString()), matches);
    }

    void expandsPatternsAndKeepsNames()
    {
        const std::vector<SourceTable> existing = {
            {"public", "a", true, 'd'},      {"public", "b", true, 'd'},
            {"sales", "order_1", true, 'd'}, {"sales", "orders", true, 'd'},
            {"syncline", "ddl", true, 'd'},
        };
        const auto tables = expandTableEntries(
            {"public.b", "public.*", "sales.order_*", "public.missing"}, existing);
        QCOMPARE(tables, (std::vector<std::string>{"public.b", "public.a", "sales.order_1",
                                                   "public.missing"}));
    }
};

QTEST_GUILESS_MAIN(TestTablePatterns)
#include "tst_table_patterns.moc"
