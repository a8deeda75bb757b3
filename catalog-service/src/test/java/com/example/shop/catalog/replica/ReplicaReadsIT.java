package com.example.shop.catalog.replica;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import com.example.shop.catalog.TestInfrastructureConfiguration;
import com.example.shop.testing.TestInfrastructure;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Product reads are served by the streaming replica, and by the primary while the replica
 * is down. Needs the embedded PostgreSQL cluster (Testcontainers has no replica).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(TestInfrastructureConfiguration.class)
class ReplicaReadsIT {

	@Autowired
	private TestRestTemplate rest;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private MeterRegistry meters;

	@Value("${spring.datasource.username}")
	private String username;

	@Value("${spring.datasource.password}")
	private String password;

	@BeforeAll
	static void needsAReplica() {
		assumeThat(TestInfrastructure.embedded()).as("an embedded primary + replica cluster").isTrue();
	}

	@Test
	void readOnlyTransactionsRunOnTheReplicaAndOthersOnThePrimary() {
		eventually()
			.untilAsserted(() -> assertThat(inRecovery(true)).as("read-only transaction on a standby").isTrue());
		assertThat(inRecovery(false)).as("read-write transaction on a standby").isFalse();
	}

	@Test
	void productsWrittenOnThePrimaryReachTheApiThroughTheReplica() throws SQLException {
		eventually().until(() -> inRecovery(true));
		long id = this.jdbc.sql(
				"INSERT INTO product (name, description, price, stock) VALUES ('Replica probe', 'Written on the primary', 10.00, 5) RETURNING id")
			.query(Long.class)
			.single();
		try {
			eventually().untilAsserted(() -> assertThat(price(id)).isEqualByComparingTo("10.00"));

			// With replay paused, the replica keeps the old price: the API answering it
			// proves the read was served by the replica.
			pauseReplay();
			try {
				this.jdbc.sql("UPDATE product SET price = 11.00 WHERE id = ?").param(id).update();
				assertThat(price(id)).isEqualByComparingTo("10.00");
			}
			finally {
				resumeReplay();
			}
			eventually().untilAsserted(() -> assertThat(price(id)).isEqualByComparingTo("11.00"));
		}
		finally {
			this.jdbc.sql("DELETE FROM product WHERE id = ?").param(id).update();
		}
	}

	@Test
	void readsFallBackToThePrimaryWhileTheReplicaIsDown() {
		eventually().until(() -> inRecovery(true));
		assertThat(this.rest.getForEntity("/api/products", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);

		TestInfrastructure.postgres().stopReplica();
		try {
			assertThat(this.rest.getForEntity("/api/products", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(this.rest.getForEntity("/api/products/19", String.class).getStatusCode())
				.isEqualTo(HttpStatus.OK);
			assertThat(inRecovery(true)).as("read-only transaction on a standby").isFalse();
		}
		finally {
			TestInfrastructure.postgres().startReplica();
		}
		eventually().untilAsserted(() -> assertThat(inRecovery(true)).as("back on the replica").isTrue());
	}

	@Test
	void reportsTheReplicasLagAndNaNWhileItCannotBeAsked() throws SQLException {
		Gauge lag = this.meters.get("shop.replica.lag").gauge();
		eventually().untilAsserted(() -> assertThat(lag.value()).as("caught up").isZero());

		pauseReplay();
		try {
			this.jdbc.sql("UPDATE product SET stock = stock WHERE id = 1").update();
			eventually().untilAsserted(() -> assertThat(lag.value()).as("behind while replay is paused").isPositive());
		}
		finally {
			resumeReplay();
		}
		eventually().untilAsserted(() -> assertThat(lag.value()).as("caught up again").isZero());

		TestInfrastructure.postgres().stopReplica();
		try {
			eventually().untilAsserted(() -> assertThat(lag.value()).as("replica down").isNaN());
		}
		finally {
			TestInfrastructure.postgres().startReplica();
		}
		eventually().untilAsserted(() -> assertThat(lag.value()).as("replica back").isZero());
	}

	/** Whether a transaction of this kind runs on a server in recovery (a standby). */
	private boolean inRecovery(boolean readOnly) {
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
		transaction.setReadOnly(readOnly);
		return transaction
			.execute((status) -> this.jdbc.sql("SELECT pg_is_in_recovery()").query(Boolean.class).single());
	}

	private BigDecimal price(long id) {
		ResponseEntity<Product> response = this.rest.getForEntity("/api/products/" + id, Product.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		return response.getBody().price();
	}

	private void pauseReplay() throws SQLException {
		try (Connection replica = replica()) {
			replica.createStatement().execute("SELECT pg_wal_replay_pause()");
		}
		eventually().until(() -> {
			try (Connection replica = replica()) {
				var state = replica.createStatement().executeQuery("SELECT pg_get_wal_replay_pause_state()");
				return state.next() && "paused".equals(state.getString(1));
			}
		});
	}

	private void resumeReplay() throws SQLException {
		try (Connection replica = replica()) {
			replica.createStatement().execute("SELECT pg_wal_replay_resume()");
		}
	}

	private Connection replica() throws SQLException {
		return DriverManager.getConnection(TestInfrastructure.replicaJdbcUrl(TestInfrastructureConfiguration.DATABASE),
				this.username, this.password);
	}

	private static ConditionFactory eventually() {
		return await().atMost(Duration.ofSeconds(30));
	}

	record Product(long id, BigDecimal price) {
	}

}
