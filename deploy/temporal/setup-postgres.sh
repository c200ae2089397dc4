#!/bin/sh
# Creates or upgrades Temporal's two PostgreSQL databases (persistence and visibility).
# Runs in temporalio/admin-tools before the server starts; safe to run on every `up`:
# an existing database keeps its data and only gets the schema versions it lacks.
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS must name the PostgreSQL host}"
: "${POSTGRES_USER:?POSTGRES_USER must be set}"
: "${SQL_PASSWORD:?SQL_PASSWORD must be set}"
DB_PORT=${DB_PORT:-5432}
SCHEMA_ROOT=${SCHEMA_ROOT:-/etc/temporal/schema/postgresql/v12}

export PGHOST="$POSTGRES_SEEDS" PGPORT="$DB_PORT" PGUSER="$POSTGRES_USER" PGPASSWORD="$SQL_PASSWORD"

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"
}

attempt=1
until pg_isready --quiet --timeout 5; do
  if [ "$attempt" -ge 30 ]; then
    echo "PostgreSQL at $PGHOST:$PGPORT did not answer after $attempt attempts" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

# setup-schema records version 0.0, so it must run only on a database that has no schema yet.
setup_database() {
  database=$1
  versions=$2
  if [ -z "$(psql --dbname postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
    echo "Creating database $database"
    sql_tool --db "$database" create
  fi
  if [ -z "$(psql --dbname "$database" -tAc "SELECT to_regclass('public.schema_version')")" ]; then
    echo "Setting up the schema of $database"
    sql_tool --db "$database" setup-schema -v 0.0
  fi
  echo "Updating the schema of $database"
  sql_tool --db "$database" update-schema -d "$versions"
}

setup_database "${DBNAME:-temporal}" "$SCHEMA_ROOT/temporal/versioned"
setup_database "${VISIBILITY_DBNAME:-temporal_visibility}" "$SCHEMA_ROOT/visibility/versioned"
echo "Temporal's PostgreSQL schema is ready"
