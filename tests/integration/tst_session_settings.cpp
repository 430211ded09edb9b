// Same values whatever the servers' settings: a source and a target that disagree on DateStyle,
// IntervalStyle, extra_float_digits and encoding still end up with equal values, through the
// snapshot and through streaming, because every connection pins the settings that change a
// value's text.

#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "server_test.h"
#include "table_compare.h"

#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

const QString kTable = u"CREATE TABLE sample (id int PRIMARY KEY, d date, ts timestamp, "
                       "iv interval, f8 float8, f4 real, note text)"_s;

// 3 April 2024, a negative mixed interval (ambiguous in sql_standard style), floats that only
// survive with full precision, and text outside ASCII (LATIN1 has é, ß and ¤ but not €).
QString rowsSql(int firstId)
{
    return u"INSERT INTO sample VALUES "
           "(%1, '2024-04-03', '2024-04-03 10:11:12.5', '-1 days -02:03:04', 0.1::float8 + 0.2, "
           " 0.1::real * 3, 'café ß ¤'), "
           "(%2, '1999-12-31', '2000-02-29 23:59:59', '1 year 2 mons -3 days', 1e-310, "
           "3.4028235e38,"
           " 'Grüße'), "
           "(%3, '0044-03-15 BC', '-infinity', '-5 mons 4 days 01:00:00', -2.2250738585072014e-308,"
           " 1.17549435e-38, 'naïve')"_s.arg(firstId)
               .arg(firstId + 1)
               .arg(firstId + 2);
}

} // namespace

class TestSessionSettings : public ServerTest
{
    Q_OBJECT

private:
    // Snapshot rows, then streamed inserts and updates, compared under fixed settings.
    void syncAndCompare(PipelineFixture &f)
    {
        SYNCLINE_PG_CHECK(source().exec(f.db, kTable));
        SYNCLINE_PG_CHECK(source().exec(f.db, rowsSql(1)));
        SYNCLINE_EXPECT_OK(f.startStreaming());
        SYNCLINE_PG_CHECK(source().exec(f.db, rowsSql(11)));
        SYNCLINE_PG_CHECK(source().exec(
            f.db, u"UPDATE sample SET d = d + 1, iv = iv * 2, f8 = f8 / 3, note = note || 'ü' "
                  "WHERE id IN (2, 12)"_s));
        SYNCLINE_EXPECT_OK(f.waitUntilInSync(60000));
        // The compare hashes text under fixed settings; check one value by meaning as well.
        QCOMPARE(target().queryValue(f.db, u"SELECT d = make_date(2024, 4, 3) AND "
                                           "iv = make_interval(days => -1, hours => -2, "
                                           "mins => -3, secs => -4) AND "
                                           "f8 = 0.1::float8 + 0.2 FROM sample WHERE id = 11"_s),
                 u"t"_s);
        SYNCLINE_EXPECT_OK(f.stopGracefully());
    }

private slots:
    // The source writes dates day-first and intervals in SQL-standard style with 0 extra
    // digits; the target reads month-first. Unpinned, 03/04/2024 became 4 March and
    // 0.30000000000000004 became 0.3.
    void mismatchedStylesKeepValues()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"styles"_s, {}, {u"public.sample"_s}));
        SYNCLINE_PG_CHECK(source().exec(u"postgres"_s,
                                        u"ALTER DATABASE styles SET DateStyle = 'SQL, DMY';"
                                        "ALTER DATABASE styles SET IntervalStyle = 'sql_standard';"
                                        "ALTER DATABASE styles SET extra_float_digits = 0;"
                                        "ALTER DATABASE styles SET TimeZone = 'Asia/Kathmandu';"
                                        "ALTER DATABASE styles SET bytea_output = 'escape';"_s));
        SYNCLINE_PG_CHECK(target().exec(
            u"postgres"_s, u"ALTER DATABASE styles SET DateStyle = 'SQL, MDY';"
                           "ALTER DATABASE styles SET IntervalStyle = 'postgres_verbose';"
                           "ALTER DATABASE styles SET extra_float_digits = -15;"
                           "ALTER DATABASE styles SET TimeZone = 'America/St_Johns';"_s));
        syncAndCompare(*f);
    }

    // A LATIN1 source database and a UTF8 target: text is converted, not copied byte for byte
    // (unconverted, 'é' arrived as an invalid UTF-8 byte and the target rejected the row).
    void latin1SourceArrivesAsUtf8()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"latin"_s, {}, {u"public.sample"_s}));
        SYNCLINE_PG_CHECK(source().exec(u"postgres"_s, u"DROP DATABASE latin"_s));
        SYNCLINE_PG_CHECK(source().exec(u"postgres"_s,
                                        u"CREATE DATABASE latin ENCODING 'LATIN1' "
                                        "LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"_s));
        syncAndCompare(*f);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(target().queryValue(f->db, u"SELECT note FROM sample WHERE id = 1"_s),
                 u"café ß ¤"_s);
        QCOMPARE(target().queryValue(u"postgres"_s, u"SELECT pg_encoding_to_char(encoding) FROM "
                                                    "pg_database WHERE datname = 'latin'"_s),
                 u"UTF8"_s);
    }
};

QTEST_GUILESS_MAIN(TestSessionSettings)
#include "tst_session_settings.moc"
