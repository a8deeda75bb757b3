package com.example.shop.infra.postgres;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A primary and its streaming replica, each a child process of this JVM: what the tests
 * use. (The {@code shop} command runs the same two servers as parts it supervises.)
 */
public final class PostgresCluster implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(60);

	private final PostgresServer primary;

	private final PostgresServer replica;

	private final Path logs;

	public PostgresCluster(PostgresInstallation installation, Path root, int primaryPort, int replicaPort) {
		this.primary = new PostgresServer(installation, root.resolve("primary"), primaryPort);
		this.replica = new PostgresServer(installation, root.resolve("replica"), replicaPort);
		this.logs = root.resolve("logs");
	}

	/**
	 * Starts the primary (creating it if needed), makes the replica from it if needed,
	 * and starts the replica.
	 */
	public PostgresCluster start(String... databases) {
		this.primary.initialize();
		this.primary.start(this.logs.resolve("primary.log"), STARTUP);
		this.primary.createDatabases(databases);
		StreamingReplica.create(this.primary, this.replica);
		startReplica();
		return this;
	}

	public void stopReplica() {
		this.replica.stop();
	}

	public void startReplica() {
		this.replica.start(this.logs.resolve("replica.log"), STARTUP);
	}

	public PostgresServer primary() {
		return this.primary;
	}

	public PostgresServer replica() {
		return this.replica;
	}

	@Override
	public void close() {
		this.replica.stop();
		this.primary.stop();
	}

}
