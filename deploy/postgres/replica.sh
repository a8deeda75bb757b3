#!/usr/bin/env bash
# pg-replica: a hot standby streaming from pg-primary. The first time (empty data folder) it makes itself with
# pg_basebackup from the primary's replication slot and writes its connection to the primary
# (--write-recovery-conf: standby.signal + primary_conninfo + primary_slot_name); every later start just starts.
# Runs as the postgres user of the official image, with PGPASSWORD set for the base backup.
set -euo pipefail

if [ ! -s "$PGDATA/PG_VERSION" ]; then
	until pg_isready --host=pg-primary --username="$POSTGRES_USER" --dbname=postgres --quiet; do
		sleep 1
	done
	pg_basebackup --host=pg-primary --username="$POSTGRES_USER" --pgdata="$PGDATA" \
		--wal-method=stream --slot=replica --write-recovery-conf --checkpoint=fast
	chmod 0700 "$PGDATA"
fi

exec postgres -c max_connections=200 -c hot_standby=on -c hot_standby_feedback=on
