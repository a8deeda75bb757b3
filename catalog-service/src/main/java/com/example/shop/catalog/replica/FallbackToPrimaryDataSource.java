package com.example.shop.catalog.replica;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Connections from the replica's pool, or from the primary when the replica cannot give a
 * live one in time (down, restarting, not reachable). After a failure it does not ask the
 * replica again for {@code retryInterval}, so while the replica is down reads cost no
 * extra wait. Logs once when reads move to the primary and once when they come back. Owns
 * (and closes) the replica's pool.
 */
class FallbackToPrimaryDataSource extends DelegatingDataSource implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(FallbackToPrimaryDataSource.class);

	private static final int VALIDATION_TIMEOUT_SECONDS = 1;

	private final HikariDataSource replica;

	private final DataSource primary;

	private final long retryIntervalNanos;

	private final AtomicBoolean onPrimary = new AtomicBoolean();

	private volatile long replicaRetryAt = System.nanoTime();

	FallbackToPrimaryDataSource(HikariDataSource replica, DataSource primary, Duration retryInterval) {
		super(replica);
		this.replica = replica;
		this.primary = primary;
		this.retryIntervalNanos = retryInterval.toNanos();
	}

	/** The replica's own pool, with no fallback: for asking the replica itself. */
	DataSource replica() {
		return this.replica;
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (System.nanoTime() - this.replicaRetryAt < 0) {
			return this.primary.getConnection();
		}
		try {
			Connection connection = liveReplicaConnection();
			if (this.onPrimary.compareAndSet(true, false)) {
				log.info("Replica is back: read-only transactions use the replica again");
			}
			return connection;
		}
		catch (SQLException ex) {
			this.replicaRetryAt = System.nanoTime() + this.retryIntervalNanos;
			if (this.onPrimary.compareAndSet(false, true)) {
				log.warn("Replica gives no connection, read-only transactions fall back to the primary: {}",
						ex.getMessage());
			}
			return this.primary.getConnection();
		}
	}

	/**
	 * A replica connection known to be alive. The pool re-checks only connections idle
	 * for over 500 ms, so right after the replica went away it would hand out dead ones,
	 * and each would fail a read. One round trip here sends that read to the primary
	 * instead.
	 */
	private Connection liveReplicaConnection() throws SQLException {
		Connection connection = this.replica.getConnection();
		if (isAlive(connection)) {
			return connection;
		}
		this.replica.evictConnection(connection);
		throw new SQLTransientConnectionException("The replica closed the connection");
	}

	private static boolean isAlive(Connection connection) {
		try {
			return connection.isValid(VALIDATION_TIMEOUT_SECONDS);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.replica.close();
	}

}
