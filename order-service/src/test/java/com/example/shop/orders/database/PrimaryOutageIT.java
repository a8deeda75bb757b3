package com.example.shop.orders.database;

import java.time.Duration;
import java.util.UUID;

import com.example.shop.infra.postgres.PostgresCluster;
import com.example.shop.infra.postgres.PostgresServer;
import com.example.shop.testing.TestInfrastructure;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.jayway.jsonpath.JsonPath;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistrar;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Writes while the orders database's primary is paused (it takes TCP connections and
 * answers nothing): 503 problems within the pool's connection timeout, then at once once
 * the {@code orders-db} breaker is open, and accepted again after the primary resumes.
 * Then a failover: the primary is stopped, the replica promoted, and the same
 * application, configured with both servers in a multi-host URL, writes to the promoted
 * one without a restart.
 * <p>
 * Runs on a PostgreSQL primary + replica of its own, which it pauses, stops and promotes;
 * the shared test cluster keeps serving the other tests of this JVM.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		// Its own context: keep its listeners out of the other tests' consumer group.
		properties = "spring.kafka.listener.auto-startup=false")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class PrimaryOutageIT {

	/** The pool's connection timeout (1.5 s), with room for a loaded machine. */
	private static final Duration FAILURE_BUDGET = Duration.ofSeconds(6);

	/** An open breaker answers without touching the database. */
	private static final Duration OPEN_BUDGET = Duration.ofMillis(750);

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private PostgresCluster cluster;

	@Autowired
	private CircuitBreakerRegistry breakers;

	private CircuitBreaker breaker;

	@BeforeEach
	void primaryTakesWrites() {
		this.breaker = this.breakers.circuitBreaker(DatabaseBreakerConfiguration.ORDERS_DB);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertAccepted(place(newKey())));
		this.breaker.reset();
	}

	@Test
	@Order(1)
	void writesAnswer503FastWhilePrimaryIsPausedAndSucceedAfterItResumes() {
		int minimumCalls = this.breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls();
		assertThat(minimumCalls).as("resilience4j.circuitbreaker.configs.default.minimumNumberOfCalls").isEqualTo(5);

		this.cluster.primary().pause();
		String retried = newKey();
		try {
			for (int call = 1; call <= minimumCalls; call++) {
				assertDatabaseUnavailable(within(FAILURE_BUDGET, (call == 1) ? retried : newKey()));
			}
			assertThat(this.breaker.getState()).as("after %d failed connections", minimumCalls)
				.isEqualTo(CircuitBreaker.State.OPEN);
			for (int call = 0; call < 3; call++) {
				assertDatabaseUnavailable(within(OPEN_BUDGET, newKey()));
			}
		}
		finally {
			this.cluster.primary().resume();
		}

		// The client's retry with the same key, after the breaker's wait, is accepted.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertAccepted(place(retried)));
		assertThat(this.breaker.getState()).isIn(CircuitBreaker.State.CLOSED, CircuitBreaker.State.HALF_OPEN);
	}

	@Test
	@Order(2)
	void writesGoToThePromotedReplicaAfterFailover() throws Exception {
		PostgresServer primary = this.cluster.primary();
		PostgresServer replica = this.cluster.replica();

		primary.stop();
		assertDatabaseUnavailable(within(FAILURE_BUDGET, newKey()));
		replica.promote();

		String key = newKey();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertAccepted(place(key)));
		try (var connection = replica.connect(DATABASE);
				var stored = connection.prepareStatement("SELECT count(*) FROM orders WHERE idempotency_key = ?")) {
			stored.setString(1, key);
			var count = stored.executeQuery();
			count.next();
			assertThat(count.getLong(1)).as("orders with key %s on the promoted server", key).isEqualTo(1);
		}
	}

	private ResponseEntity<String> within(Duration budget, String key) {
		return assertTimeoutPreemptively(budget, () -> place(key), () -> "POST /api/orders took over " + budget);
	}

	private ResponseEntity<String> place(String key) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.set("Idempotency-Key", key);
		String body = """
				{"customerId":"c-outage","items":[{"productId":3,"quantity":1}]}""";
		return this.http.exchange("/api/orders", HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
	}

	private static void assertAccepted(ResponseEntity<String> response) {
		assertThat(response.getStatusCode().value()).as(response.getBody()).isIn(201, 202);
	}

	private static void assertDatabaseUnavailable(ResponseEntity<String> response) {
		assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(503);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
		assertThat((String) JsonPath.read(response.getBody(), "$.type"))
			.isEqualTo("https://shop.example.com/problems/database-unavailable");
	}

	private static String newKey() {
		return "primary-outage-" + UUID.randomUUID();
	}

	private static final String DATABASE = "orders";

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnDatabase {

		/** A primary + replica for this test alone, closed with its context. */
		@Bean(destroyMethod = "close")
		PostgresCluster outageCluster() {
			return TestInfrastructure.separateCluster(DATABASE);
		}

		@Bean(initMethod = "start", destroyMethod = "stop")
		WireMockServer catalog() {
			WireMockServer catalog = new WireMockServer(WireMockConfiguration.options().dynamicPort());
			catalog.stubFor(get(urlPathMatching("/api/products/\\d+")).willReturn(okJson("""
					{"id":3,"name":"Product 3","description":"A product","price":9.50,"stock":40}""")));
			return catalog;
		}

		@Bean
		DynamicPropertyRegistrar outageDatabase(PostgresCluster outageCluster, WireMockServer catalog) {
			return (registry) -> {
				// The same kind of URL the shop runs with: both servers, whichever is
				// primary.
				registry.add("spring.datasource.url",
						() -> "jdbc:postgresql://127.0.0.1:" + outageCluster.primary().port() + ",127.0.0.1:"
								+ outageCluster.replica().port() + "/" + DATABASE
								+ "?targetServerType=primary&hostRecheckSeconds=2");
				registry.add("spring.datasource.username", () -> PostgresServer.USER);
				registry.add("spring.datasource.password", () -> "");
				registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
				registry.add("shop.catalog.base-url", catalog::baseUrl);
			};
		}

	}

}
