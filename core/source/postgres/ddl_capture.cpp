#include "source/postgres/ddl_capture.h"

#include "pg/connection.h"
#include "util/log.h"

namespace syncline::ddl_capture {

std::string installSql()
{
    return R"sql(CREATE SCHEMA IF NOT EXISTS syncline;
CREATE TABLE IF NOT EXISTS syncline.ddl_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    username text NOT NULL DEFAULT current_user,
    command_tag text NOT NULL,
    object_identity text,
    ddl text NOT NULL);
CREATE OR REPLACE FUNCTION syncline.capture_ddl() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
    command record;
BEGIN
    FOR command IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
        IF command.schema_name IS DISTINCT FROM 'syncline' AND NOT command.in_extension THEN
            INSERT INTO syncline.ddl_log (command_tag, object_identity, ddl)
            VALUES (command.command_tag, command.object_identity, current_query());
        END IF;
    END LOOP;
END $$;
CREATE EVENT TRIGGER syncline_ddl ON ddl_command_end EXECUTE FUNCTION syncline.capture_ddl();
)sql";
}

bool isInstalled(pg::Connection &connection)
{
    return connection.queryValue("SELECT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = "
                                 "'syncline_ddl' AND evtenabled <> 'D') AND "
                                 "to_regclass('syncline.ddl_log') IS NOT NULL") == "t";
}

bool ensureInstalled(pg::Connection &connection)
{
    if (!isInstalled(connection)) {
        if (connection.queryValue("SELECT rolsuper FROM pg_roles WHERE rolname = current_user") !=
            "t") {
            log::warning("source", "DDL capture is not installed and this role may not install "
                                   "it (event triggers need a superuser); schema changes are "
                                   "still followed, without their statements' text. "
                                   "`syncline validate` prints the SQL for a DBA");
            return false;
        }
        connection.exec("BEGIN");
        connection.exec("DROP EVENT TRIGGER IF EXISTS syncline_ddl");
        connection.exec(installSql());
        connection.exec("COMMIT");
        log::info("source", "installed DDL capture (event trigger syncline_ddl, table " +
                                std::string(kTable) + ")");
    }
    connection.exec("DELETE FROM syncline.ddl_log WHERE at < now() - interval '7 days'");
    return true;
}

} // namespace syncline::ddl_capture
