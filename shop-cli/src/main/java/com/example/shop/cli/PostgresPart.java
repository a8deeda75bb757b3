package com.example.shop.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import com.example.shop.infra.postgres.PostgresServer;
import com.example.shop.infra.postgres.StreamingReplica;

/**
 * One of the two PostgreSQL servers. {@code pg-primary} starts as the primary (one
 * database per service) and {@code pg-replica} as its streaming replica, made by a base
 * backup the first time. {@code ./shop failover} swaps the roles: the primary is fenced
 * (killed and marked), the replica promoted, and the fenced server rejoins as a replica
 * of the new primary the next time it starts. The services find whichever is primary by
 * themselves (PostgreSQL JDBC's multi-host URLs with {@code targetServerType}).
 */
final class PostgresPart implements Part {

	static final List<String> DATABASES = List.of("catalog", "orders", "payments", "provider");

	/** In a fenced server's data folder: it must never take writes again as it is. */
	private static final String FENCED = "FENCED";

	private final String name;

	private final PostgresServer server;

	private final PostgresServer peer;

	private final boolean startsAsPrimary;

	private PostgresPart(String name, PostgresServer server, PostgresServer peer, boolean startsAsPrimary) {
		this.name = name;
		this.server = server;
		this.peer = peer;
		this.startsAsPrimary = startsAsPrimary;
	}

	static PostgresPart primary(PostgresServer server, PostgresServer replica) {
		return new PostgresPart("pg-primary", server, replica, true);
	}

	static PostgresPart replica(PostgresServer server, PostgresServer primary) {
		return new PostgresPart("pg-replica", server, primary, false);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String description() {
		if (isFenced()) {
			return "PostgreSQL 17, fenced after failover";
		}
		return isPrimary() ? "PostgreSQL 17 primary" : "PostgreSQL 17 streaming replica";
	}

	/**
	 * Whether this server is (or, before its first start, will be) the one that takes
	 * writes.
	 */
	boolean isPrimary() {
		if (!this.server.isInitialized()) {
			return this.startsAsPrimary;
		}
		return !this.server.isStandby() && !isFenced();
	}

	boolean isFenced() {
		return Files.exists(this.server.dataDirectory().resolve(FENCED));
	}

	PostgresServer server() {
		return this.server;
	}

	@Override
	public int port() {
		return this.server.port();
	}

	/**
	 * Creates the data folder the first time: {@code initdb} for the primary, a base
	 * backup of the primary for the replica. A fenced server's folder is replaced by a
	 * base backup of the new primary: it comes back as its replica.
	 */
	@Override
	public void prepare() {
		if (isFenced()) {
			deleteRecursively(this.server.dataDirectory());
			StreamingReplica.create(this.peer, this.server);
		}
		else if (this.startsAsPrimary) {
			this.server.initialize();
		}
		else {
			StreamingReplica.create(this.peer, this.server);
		}
	}

	/** Marks this (killed) server fenced: it restarts only as a replica. */
	void fence() {
		try {
			Files.writeString(this.server.dataDirectory().resolve(FENCED),
					"Failed over to port " + this.peer.port() + "; rejoins as its replica when started.\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
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
		if (isPrimary()) {
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

	private static void deleteRecursively(Path dir) {
		try (var paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
