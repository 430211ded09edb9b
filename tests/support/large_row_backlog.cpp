#include "large_row_backlog.h"

#include "pg_cluster.h"
#include "process_memory.h"
#include "syncline_runner.h"
#include "table_compare.h"

#include <QElapsedTimer>
#include <QStringList>
#include <QTemporaryDir>

namespace syncline::test {

using namespace Qt::StringLiterals;

LargeRowBacklog streamLargeRowBacklog(const LargeRowBacklogSpec &backlog)
{
    PgCluster &source = PgCluster::sharedSource();
    PgCluster &target = PgCluster::sharedTarget();
    const QString &db = backlog.db;
    LargeRowBacklog result;
    source.createDatabase(db);
    target.createDatabase(db);
    source.exec(db, u"CREATE TABLE blobs (id int PRIMARY KEY, body text)"_s);

    QTemporaryDir dir;
    SynclineRunner runner(dir.path());
    PipelineSpec spec{db, source.dsn(db), {u"public.blobs"_s}, target.dsn(db)};
    spec.transport = backlog.transport;
    const QString pipeline = runner.writePipeline(spec);
    runner.start({u"run"_s, pipeline});
    if (!runner.waitForOutput(u"streaming from slot"_s, 60000))
        return {u"the runner did not start streaming:\n"_s + runner.outputTail()};
    runner.terminate();
    if (runner.waitForExit(30000) != 0)
        return {u"the runner did not stop:\n"_s + runner.outputTail()};

    QList<int> ids = backlog.ids;
    if (ids.isEmpty()) {
        const int rows = qEnvironmentVariableIntValue("SYNCLINE_LONG_TESTS") ? 700 : 150;
        for (int id = 1; id <= rows; ++id)
            ids << id;
    }
    QStringList keys;
    for (int id : ids) {
        keys << QString::number(id);
        result.updates += backlog.updateSome && id % 3 == 0;
    }
    result.rows = int(ids.size());
    source.exec(db,
                u"INSERT INTO blobs SELECT id, repeat(md5(id::text), (1 + k::int %% 5) * 31250) "
                "FROM unnest('{%1}'::int[]) WITH ORDINALITY AS rows(id, k)"_s.arg(keys.join(u','))
                    .replace(u"%%"_s, u"%"_s));
    if (backlog.updateSome)
        source.exec(db, u"UPDATE blobs SET body = body || 'x' WHERE id % 3 = 0"_s);
    runner.start({u"run"_s, pipeline});
    QElapsedTimer timer;
    timer.start();
    QString applied;
    const QString expected = QString::number(result.rows) + u':' + QString::number(result.updates);
    const PeakRss peak = peakRssUntil(
        runner,
        [&] {
            applied = target.queryValue(db, u"SELECT count(*) || ':' || count(*) FILTER (WHERE "
                                            "body LIKE '%x') FROM blobs"_s);
            return applied == expected;
        },
        600000);
    result.peakKib = peak.kib;
    result.seconds = double(timer.elapsed()) / 1000.0;
    if (!peak.done)
        result.problem = u"the target has %1 rows:updated, not %2:\n"_s.arg(applied, expected) +
                         runner.outputTail();
    else
        result.problem = compareTable(source, db, target, db, u"public.blobs"_s);
    runner.terminate();
    if (runner.waitForExit(30000) != 0 && result.problem.isEmpty())
        result.problem = u"the runner did not stop:\n"_s + runner.outputTail();
    return result;
}

} // namespace syncline::test
