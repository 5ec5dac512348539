#!/usr/bin/env bash
# Runs once, when the primary's data directory is first initialised (docker-entrypoint-initdb.d):
# the role the replicas stream WAL with, and the pg_hba line that lets it in (password, SCRAM).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" --set=pw="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'pw';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
