#!/bin/sh
# Creates or upgrades Temporal's two PostgreSQL databases (persistence and visibility) with
# temporal-sql-tool alone: the schemas are the ones embedded in the tool's release, so no psql,
# no schema files and no server image are needed. Safe on every run: a database that exists
# keeps its data and only gets the schema versions it lacks. Run it before the server starts.
#
# Environment:
#   POSTGRES_SEEDS      PostgreSQL host (required)
#   DB_PORT             its port (default 5432)
#   POSTGRES_USER       a role that may create databases (required)
#   SQL_PASSWORD        its password (read by temporal-sql-tool itself)
#   DBNAME              persistence database (default temporal)
#   VISIBILITY_DBNAME   visibility database (default temporal_visibility)
#   SQL_PLUGIN          temporal-sql-tool plugin (default postgres12)
#   SQL_TLS, SQL_TLS_CA_FILE, SQL_TLS_CERT_FILE, SQL_TLS_KEY_FILE, SQL_TLS_SERVER_NAME
#                       TLS to PostgreSQL, read by temporal-sql-tool itself
#   TEMPORAL_SQL_TOOL   the tool's path (default temporal-sql-tool on PATH)
#   MAX_ATTEMPTS        tries, 2 s apart, while PostgreSQL starts (default 30)
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS must name the PostgreSQL host}"
: "${POSTGRES_USER:?POSTGRES_USER must be set}"
DB_PORT=${DB_PORT:-5432}
SQL_PLUGIN=${SQL_PLUGIN:-postgres12}
SQL_TOOL=${TEMPORAL_SQL_TOOL:-temporal-sql-tool}
MAX_ATTEMPTS=${MAX_ATTEMPTS:-30}

sql_tool() {
  "$SQL_TOOL" --plugin "$SQL_PLUGIN" --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"
}

# create-database connects to the default database first, so it also tells when PostgreSQL is up;
# it keeps a database that exists.
create_database() {
  attempt=1
  until output=$(sql_tool --db "$1" create-database 2>&1); do
    if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
      echo "PostgreSQL at $POSTGRES_SEEDS:$DB_PORT: could not create database $1 after $attempt attempts: $(printf '%s' "$output" | tail -n 1)" >&2
      exit 1
    fi
    attempt=$((attempt + 1))
    sleep 2
  done
}

# setup-schema -v 0.0 creates the version tables and records 0.0 only where no version is
# recorded yet; update-schema then applies every embedded version above the recorded one.
setup_database() {
  database=$1
  schema=$2
  create_database "$database"
  sql_tool --db "$database" setup-schema -v 0.0
  sql_tool --db "$database" update-schema --schema-name "$schema"
  echo "Database $database has the schema $schema of temporal-sql-tool $("$SQL_TOOL" --version | awk '{print $NF}')"
}

setup_database "${DBNAME:-temporal}" postgresql/v12/temporal
setup_database "${VISIBILITY_DBNAME:-temporal_visibility}" postgresql/v12/visibility
echo "Temporal's PostgreSQL schema is ready"
