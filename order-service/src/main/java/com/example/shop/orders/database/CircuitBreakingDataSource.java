package com.example.shop.orders.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.sql.DataSource;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Takes every connection through the {@code orders-db} circuit breaker. A failed
 * connection attempt (the pool's connection timeout ran out: the database is down, paused
 * or unreachable) counts as a failure; once the breaker is open a connection is refused
 * at once, so a request answers 503 in milliseconds instead of waiting out the timeout
 * again, and the database is not hammered while it recovers.
 */
class CircuitBreakingDataSource extends DelegatingDataSource {

	private final CircuitBreaker breaker;

	CircuitBreakingDataSource(DataSource pool, CircuitBreaker breaker) {
		super(pool);
		this.breaker = breaker;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return connect(() -> obtainTargetDataSource().getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return connect(() -> obtainTargetDataSource().getConnection(username, password));
	}

	private Connection connect(ConnectionAttempt attempt) throws SQLException {
		if (!this.breaker.tryAcquirePermission()) {
			// A transient SQL failure, like the pool's own timeout: callers and the Kafka
			// error handler treat it as "retry later", never as a bad message.
			throw new SQLTransientConnectionException("The orders database is unavailable (circuit breaker open)",
					CallNotPermittedException.createCallNotPermittedException(this.breaker));
		}
		long start = this.breaker.getCurrentTimestamp();
		try {
			Connection connection = attempt.connect();
			this.breaker.onSuccess(this.breaker.getCurrentTimestamp() - start, this.breaker.getTimestampUnit());
			return connection;
		}
		catch (SQLException | RuntimeException ex) {
			this.breaker.onError(this.breaker.getCurrentTimestamp() - start, this.breaker.getTimestampUnit(), ex);
			throw ex;
		}
	}

	@FunctionalInterface
	private interface ConnectionAttempt {

		Connection connect() throws SQLException;

	}

}
