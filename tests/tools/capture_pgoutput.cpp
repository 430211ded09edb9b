// Records a real PostgreSQL server's pgoutput messages for the decoder's unit test.
// Usage: capture_pgoutput <output file>
// Starts a throw-away cluster, runs the scripted changes below, and writes each XLogData
// payload as one line of hex. tests/unit/tst_pgoutput_decoder.cpp knows what the script did.

#include "pg_cluster.h"

#include "model/lsn.h"
#include "pg/connection.h"
#include "source/postgres/replication_protocol.h"
#include "source/postgres/replication_stream.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

using namespace syncline;
using namespace Qt::StringLiterals;

namespace {

const char *kSchema =
    "CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(10,2), tags text[], "
    "  doc jsonb, big text, seen timestamptz);"
    "ALTER TABLE items ALTER COLUMN big SET STORAGE EXTERNAL;"
    "CREATE TABLE notes (body text);"
    "ALTER TABLE notes REPLICA IDENTITY FULL;"
    "CREATE PUBLICATION capture FOR TABLE items, notes;";

// Each statement is its own transaction unless wrapped in BEGIN/COMMIT.
const char *kScript[] = {
    "INSERT INTO items VALUES (1, 'Grüße 👋', 9.99, '{a,\"b c\"}', '{\"k\": [1, null]}', "
    "  repeat('x', 5000), '2024-02-29 12:00:00+00')",
    "UPDATE items SET price = 10.50 WHERE id = 1", // big stays: unchanged TOAST
    "UPDATE items SET id = 2 WHERE id = 1",        // key change: old key sent
    "BEGIN; INSERT INTO notes VALUES ('n1'), (NULL); UPDATE notes SET body = 'n2' WHERE body = "
    "'n1';"
    "  DELETE FROM notes WHERE body IS NULL; COMMIT", // identity full: old rows sent
    "DELETE FROM items WHERE id = 2",
    "TRUNCATE items, notes",
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: capture_pgoutput <output file>\n");
        return 2;
    }
    try {
        test::PgCluster cluster(u"capture"_s);
        cluster.start();
        cluster.createDatabase(u"capture"_s);
        cluster.exec(u"capture"_s, QString::fromUtf8(kSchema));
        const std::string dsn = cluster.dsn(u"capture"_s).toStdString();

        ReplicationStream stream(dsn);
        stream.createSlot("capture", false);
        auto conn = pg::Connection::open(dsn);
        for (const char *statement : kScript)
            conn.exec(statement);
        const Lsn end = Lsn::parse(conn.queryValue("SELECT pg_current_wal_lsn()")).value();

        stream.start("capture", "capture", Lsn());
        QFile out(QString::fromLocal8Bit(argv[1]));
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            throw std::runtime_error("cannot write the output file");
        out.write("# pgoutput protocol 1 payloads from PostgreSQL, one per line, hex; "
                  "made by tests/tools/capture_pgoutput\n");
        int messages = 0;
        for (;;) {
            const auto data = stream.read(std::chrono::milliseconds(2000));
            if (!data)
                break;
            const auto message = parseReplicationMessage(*data);
            if (const auto *x = std::get_if<XLogData>(&message)) {
                out.write(QByteArray(x->payload.data(), qsizetype(x->payload.size())).toHex() +
                          '\n');
                ++messages;
            } else if (std::get<PrimaryKeepalive>(message).walEnd >= end) {
                break;
            }
        }
        std::printf("%d messages written to %s\n", messages, argv[1]);
    } catch (const std::exception &error) {
        std::fprintf(stderr, "capture failed: %s\n", error.what());
        return 1;
    }
    return 0;
}
