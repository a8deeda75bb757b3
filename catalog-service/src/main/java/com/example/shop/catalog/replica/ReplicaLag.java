package com.example.shop.catalog.replica;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.context.SmartLifecycle;

/**
 * {@code shop.replica.lag} ({@code shop_replica_lag_seconds}): how far the streaming
 * replica's data is behind, as the replica itself sees it. 0 when it has replayed all the
 * WAL it received (also just after a restart, before streaming received anything, and
 * once it is no standby any more, after a failover), else the time since the last
 * transaction it replayed; NaN while it cannot be asked.
 * <p>
 * Measured in the background every {@code shop.catalog.replica.lag-interval} on the
 * replica's own pool (no fallback to the primary, which would report a lag of 0), with a
 * short query timeout: a scrape only reads the last value and never waits for the
 * replica.
 */
class ReplicaLag implements MeterBinder, SmartLifecycle {

	static final String LAG = "shop.replica.lag";

	private static final String QUERY = """
			SELECT CASE
			         WHEN NOT pg_is_in_recovery() THEN 0
			         WHEN pg_last_wal_receive_lsn() IS NULL THEN 0
			         WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
			         ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
			       END""";

	private static final int QUERY_TIMEOUT_SECONDS = 2;

	private final DataSource replica;

	private final Duration interval;

	private volatile double seconds = Double.NaN;

	private volatile ScheduledExecutorService measurements;

	ReplicaLag(DataSource replica, Duration interval) {
		this.replica = replica;
		this.interval = interval;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(LAG, this, (lag) -> lag.seconds)
			.baseUnit("seconds")
			.description("Replication lag of the streaming replica the catalog reads from; NaN when it cannot be asked")
			.register(registry);
	}

	/** Measures once; NaN when the replica does not answer. */
	void measure() {
		try (Connection connection = this.replica.getConnection(); Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
			try (ResultSet result = statement.executeQuery(QUERY)) {
				double lag = result.next() ? result.getDouble(1) : Double.NaN;
				this.seconds = (Double.isNaN(lag) || result.wasNull()) ? Double.NaN : Math.max(0, lag);
			}
		}
		catch (SQLException | RuntimeException ex) {
			this.seconds = Double.NaN;
		}
	}

	@Override
	public void start() {
		this.measurements = Executors
			.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("replica-lag").factory());
		this.measurements.scheduleWithFixedDelay(this::measure, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = this.measurements;
		this.measurements = null;
		if (running != null) {
			running.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.measurements != null;
	}

}
