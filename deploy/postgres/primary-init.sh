#!/usr/bin/env bash
# Runs once, when pg-primary initializes an empty data folder (docker-entrypoint-initdb.d), as POSTGRES_USER.
# One database per service, the replication slot pg-replica streams from (so the primary keeps the WAL the
# replica still needs), and a pg_hba line that lets POSTGRES_USER connect for replication from the compose
# network: what local-infra's StreamingReplica does for ./shop up.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<-SQL
	CREATE DATABASE catalog;
	CREATE DATABASE orders;
	CREATE DATABASE payments;
	CREATE DATABASE provider;
	SELECT pg_create_physical_replication_slot('replica', true);
SQL

echo "host replication $POSTGRES_USER all scram-sha-256" >> "$PGDATA/pg_hba.conf"
