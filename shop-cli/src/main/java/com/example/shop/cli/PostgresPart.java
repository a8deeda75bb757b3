package com.example.shop.cli;

import java.time.Duration;
import java.util.List;

import com.example.shop.infra.postgres.PostgresServer;
import com.example.shop.infra.postgres.StreamingReplica;

/**
 * The PostgreSQL primary (which gets one database per service) or its streaming replica
 * (made from the primary by a base backup the first time).
 */
final class PostgresPart implements Part {

	static final List<String> DATABASES = List.of("catalog", "orders", "payments", "provider");

	private final String name;

	private final PostgresServer server;

	private final PostgresServer primary;

	private PostgresPart(String name, PostgresServer server, PostgresServer primary) {
		this.name = name;
		this.server = server;
		this.primary = primary;
	}

	static PostgresPart primary(PostgresServer server) {
		return new PostgresPart("pg-primary", server, null);
	}

	static PostgresPart replica(PostgresServer server, PostgresServer primary) {
		return new PostgresPart("pg-replica", server, primary);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String description() {
		return (this.primary == null) ? "PostgreSQL 17 primary" : "PostgreSQL 17 streaming replica";
	}

	@Override
	public int port() {
		return this.server.port();
	}

	@Override
	public void prepare() {
		if (this.primary == null) {
			this.server.initialize();
		}
		else {
			StreamingReplica.create(this.primary, this.server);
		}
	}

	@Override
	public List<String> command() {
		return this.server.command();
	}

	@Override
	public void awaitReady(Duration timeout) {
		this.server.awaitReady(timeout);
	}

	@Override
	public void afterReady() {
		if (this.primary == null) {
			this.server.createDatabases(DATABASES.toArray(String[]::new));
		}
	}

	@Override
	public String stopSignal() {
		return "INT";
	}

	@Override
	public String url() {
		return "jdbc:postgresql://localhost:" + port() + "/{" + String.join(",", DATABASES) + "}";
	}

}
