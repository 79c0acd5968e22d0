#!/usr/bin/env bash
# Hand-written. Runs once, when the compose PostgreSQL starts on an empty volume (/docker-entrypoint-initdb.d):
# one database per service, each owned by its own login role, so a service can migrate only its own schema.
# The passwords come from the environment (local defaults in docker-compose.yml); changing them later needs a
# fresh volume: docker compose down -v.
set -euo pipefail

create_database() {
  local name="$1" password="$2"
  # psql variables (:"name" quotes an identifier, :'password' a literal), so nothing is spliced into SQL by hand.
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v name="$name" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
}

create_database inventory "${INVENTORY_DB_PASSWORD:?INVENTORY_DB_PASSWORD is not set}"
create_database sales "${SALES_DB_PASSWORD:?SALES_DB_PASSWORD is not set}"
