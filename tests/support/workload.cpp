#include "workload.h"

#include <QStringList>

#include <libpq-fe.h>

#include <chrono>
#include <random>
#include <string>

namespace syncline::test {

using namespace Qt::StringLiterals;

Workload::Workload(QString dsn, unsigned seed, int pauseMs)
    : m_dsn(std::move(dsn)), m_seed(seed), m_pauseMs(pauseMs)
{}

Workload::~Workload()
{
    stop();
}

QString Workload::createTablesSql()
{
    return u"CREATE TABLE items (id bigint PRIMARY KEY, qty int NOT NULL, note text, "
           "  payload jsonb, big text, updated timestamptz NOT NULL DEFAULT now());"
           "ALTER TABLE items ALTER COLUMN big SET STORAGE EXTERNAL;"
           "CREATE TABLE ledger (item bigint, amount numeric(12,2), at timestamptz);"
           "ALTER TABLE ledger REPLICA IDENTITY FULL;"_s;
}

QStringList Workload::tables()
{
    return {u"public.items"_s, u"public.ledger"_s};
}

void Workload::start()
{
    m_stop = false;
    m_thread = std::thread([this] { run(); });
}

void Workload::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

void Workload::run()
{
    std::mt19937 random(m_seed);
    auto pick = [&](int low, int high) {
        return std::uniform_int_distribution<int>(low, high)(random);
    };
    const std::string dsn = m_dsn.toStdString();
    PGconn *conn = nullptr;
    while (!m_stop) {
        if (!conn || PQstatus(conn) != CONNECTION_OK) {
            PQfinish(conn);
            conn = PQconnectdb(dsn.c_str());
            if (PQstatus(conn) != CONNECTION_OK) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                continue;
            }
        }
        std::string sql = "BEGIN;";
        const int statements = pick(1, 10);
        for (int i = 0; i < statements; ++i) {
            const int id = pick(1, 2000);
            const int kind = pick(0, 99);
            if (kind < 45)
                sql += "INSERT INTO items (id, qty, note, payload) VALUES (" + std::to_string(id) +
                       ", " + std::to_string(pick(0, 1000)) + ", 'n" + std::to_string(kind) +
                       " ü', '{\"k\": " + std::to_string(id) +
                       "}') ON CONFLICT (id) DO UPDATE SET qty = EXCLUDED.qty + 1;";
            else if (kind < 65)
                sql += "UPDATE items SET qty = qty + 1, updated = now() WHERE id = " +
                       std::to_string(id) + ";";
            else if (kind < 70)
                sql += "UPDATE items SET big = repeat(md5(random()::text), 200) WHERE id = " +
                       std::to_string(id) + ";";
            else if (kind < 73)
                sql +=
                    "UPDATE items SET id = id + 5000 WHERE id = " + std::to_string(id) +
                    " AND NOT EXISTS (SELECT 1 FROM items WHERE id = " + std::to_string(id + 5000) +
                    ");";
            else if (kind < 85)
                sql += "DELETE FROM items WHERE id = " + std::to_string(id) + ";";
            else
                sql += "INSERT INTO ledger VALUES (" + std::to_string(id) + ", " +
                       std::to_string(pick(1, 99999)) + " / 100.0, now());";
        }
        sql += "COMMIT;";
        PGresult *result = PQexec(conn, sql.c_str());
        if (PQresultStatus(result) == PGRES_COMMAND_OK)
            ++m_committed;
        PQclear(result);
        if (m_pauseMs > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(m_pauseMs));
    }
    PQfinish(conn);
}

} // namespace syncline::test
