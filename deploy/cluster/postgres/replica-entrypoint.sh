#!/usr/bin/env bash
# A streaming replica: on first start, copy the primary (pg_basebackup over the replication role, with a
# replication slot of the replica's name so the primary keeps the WAL it has not received) and write
# standby.signal and primary_conninfo (-R); then run as a hot standby. cluster_name is the name the
# primary's synchronous_standby_names lists.
set -euo pipefail
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
export PGDATA
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready -h "$PRIMARY_HOST" -U replicator -d postgres >/dev/null 2>&1; do sleep 1; done
    rm -rf "${PGDATA:?}"/*
    export PGPASSWORD="$REPLICATION_PASSWORD"
    # The slot survives a replica rebuilt from scratch: create it, or reuse the one already there.
    if ! pg_basebackup -h "$PRIMARY_HOST" -U replicator -D "$PGDATA" -X stream -R -c fast --slot="$REPLICA_NAME" --create-slot; then
        rm -rf "${PGDATA:?}"/*
        pg_basebackup -h "$PRIMARY_HOST" -U replicator -D "$PGDATA" -X stream -R -c fast --slot="$REPLICA_NAME"
    fi
    unset PGPASSWORD
    chmod 0700 "$PGDATA"
fi
exec postgres -D "$PGDATA" -c cluster_name="$REPLICA_NAME" -c hot_standby=on -c hot_standby_feedback=on
