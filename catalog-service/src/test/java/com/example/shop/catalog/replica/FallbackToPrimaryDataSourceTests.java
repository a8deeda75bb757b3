package com.example.shop.catalog.replica;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class FallbackToPrimaryDataSourceTests {

	private final DataSource primary = mock(DataSource.class);

	private final Connection primaryConnection = mock(Connection.class);

	private final UnreachableReplica replica = new UnreachableReplica();

	@AfterEach
	void closeReplicaPool() {
		this.replica.close();
	}

	@Test
	void givesAPrimaryConnectionWhenTheReplicaGivesNone() throws SQLException {
		given(this.primary.getConnection()).willReturn(this.primaryConnection);
		FallbackToPrimaryDataSource dataSource = new FallbackToPrimaryDataSource(this.replica, this.primary,
				Duration.ofMinutes(1));

		assertThat(dataSource.getConnection()).isSameAs(this.primaryConnection);
		assertThat(this.replica.requests).hasValue(1);
	}

	@Test
	void doesNotAskTheReplicaAgainWithinTheRetryInterval() throws SQLException {
		given(this.primary.getConnection()).willReturn(this.primaryConnection);
		FallbackToPrimaryDataSource dataSource = new FallbackToPrimaryDataSource(this.replica, this.primary,
				Duration.ofMinutes(1));

		dataSource.getConnection();
		assertThat(dataSource.getConnection()).isSameAs(this.primaryConnection);

		assertThat(this.replica.requests).hasValue(1);
	}

	@Test
	void asksTheReplicaAgainOnceTheRetryIntervalIsOver() throws SQLException {
		given(this.primary.getConnection()).willReturn(this.primaryConnection);
		FallbackToPrimaryDataSource dataSource = new FallbackToPrimaryDataSource(this.replica, this.primary,
				Duration.ZERO);

		dataSource.getConnection();
		dataSource.getConnection();

		assertThat(this.replica.requests).hasValue(2);
	}

	@Test
	void closesTheReplicaPool() {
		FallbackToPrimaryDataSource dataSource = new FallbackToPrimaryDataSource(this.replica, this.primary,
				Duration.ZERO);

		dataSource.close();

		assertThat(this.replica.isClosed()).isTrue();
	}

	/**
	 * A real pool for a replica nobody listens for, counting the connections asked of it.
	 */
	static class UnreachableReplica extends HikariDataSource {

		final AtomicInteger requests = new AtomicInteger();

		UnreachableReplica() {
			setJdbcUrl("jdbc:postgresql://127.0.0.1:1/catalog");
			setConnectionTimeout(250);
			setInitializationFailTimeout(-1);
		}

		@Override
		public Connection getConnection() throws SQLException {
			this.requests.incrementAndGet();
			return super.getConnection();
		}

	}

}
