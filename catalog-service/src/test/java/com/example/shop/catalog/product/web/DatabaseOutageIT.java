package com.example.shop.catalog.product.web;

import java.time.Duration;

import com.example.shop.infra.postgres.PostgresCluster;
import com.example.shop.infra.postgres.PostgresServer;
import com.example.shop.testing.TestInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Product reads while the catalog's database (primary and replica) is unreachable:
 * answered from the last-known-good copies, or 503 when none is kept, within seconds, and
 * fresh again once the database is back.
 * <p>
 * The application runs on a PostgreSQL cluster of its own, which this test stops and
 * pauses; the shared test cluster keeps serving the other tests of this JVM.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		// Its own context: keep its listener out of the other tests' consumer group.
		properties = "spring.kafka.listener.auto-startup=false")
@DirtiesContext
class DatabaseOutageIT {

	/** Replica connection (1 s) + primary connection (2 s), with room for a slow CI. */
	private static final Duration READ_BUDGET = Duration.ofSeconds(6);

	@Autowired
	private TestRestTemplate rest;

	@Autowired
	private PostgresCluster cluster;

	@Autowired
	private CircuitBreakerRegistry breakers;

	private CircuitBreaker breaker;

	@BeforeEach
	void databaseIsUp() {
		this.breaker = this.breakers.circuitBreaker(ProductReads.CATALOG_DB);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertFresh(get("/api/products/10")));
	}

	@Test
	void servesLastKnownProductsWhileTheDatabaseIsDownAndFreshOnesOnceItIsBack() {
		ResponseEntity<String> product = get("/api/products/1");
		ResponseEntity<String> page = get("/api/products?page=0&size=5");
		assertFresh(product);
		assertFresh(page);
		this.breaker.reset();
		int minimumCalls = this.breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls();
		assertThat(minimumCalls).as("resilience4j.circuitbreaker.configs.default.minimum-number-of-calls").isEqualTo(5);

		this.cluster.stopReplica();
		this.cluster.primary().stop();
		try {
			assertCopyOf(product, within(READ_BUDGET, "/api/products/1"));
			assertCopyOf(page, within(READ_BUDGET, "/api/products?page=0&size=5"));
			assertUnavailable(within(READ_BUDGET, "/api/products/2"));
			for (int call = 4; call < minimumCalls; call++) {
				assertCopyOf(product, within(READ_BUDGET, "/api/products/1"));
			}
			assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertCopyOf(product, within(READ_BUDGET, "/api/products/1"));
			assertThat(this.breaker.getState()).as("after %d failed reads", minimumCalls)
				.isEqualTo(CircuitBreaker.State.OPEN);

			// Open: no database call, no timeout to wait for.
			assertCopyOf(product, within(Duration.ofMillis(500), "/api/products/1"));
			assertUnavailable(within(Duration.ofMillis(500), "/api/products/2"));
		}
		finally {
			this.cluster.start(DATABASE);
		}

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertFresh(get("/api/products/1"));
			assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		});
		assertFresh(get("/api/products/2"));
	}

	@Test
	void answersWithinSecondsWhileTheDatabaseIsPaused() {
		ResponseEntity<String> product = get("/api/products/3");
		assertFresh(product);
		this.breaker.reset();

		// SIGSTOP: the servers still take TCP connections but never answer.
		this.cluster.primary().pause();
		this.cluster.replica().pause();
		try {
			assertCopyOf(product, within(READ_BUDGET, "/api/products/3"));
			assertUnavailable(within(READ_BUDGET, "/api/products/4"));
		}
		finally {
			this.cluster.replica().resume();
			this.cluster.primary().resume();
		}

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertFresh(get("/api/products/3")));
	}

	private ResponseEntity<String> get(String uri) {
		return this.rest.getForEntity(uri, String.class);
	}

	private ResponseEntity<String> within(Duration budget, String uri) {
		return assertTimeoutPreemptively(budget, () -> get(uri), () -> "GET " + uri + " took over " + budget);
	}

	private static void assertFresh(ResponseEntity<String> response) {
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getHeaders().containsKey("X-Degraded")).as("X-Degraded header").isFalse();
		assertThat(response.getHeaders().containsKey(HttpHeaders.AGE)).as("Age header").isFalse();
	}

	private static void assertCopyOf(ResponseEntity<String> fresh, ResponseEntity<String> response) {
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getHeaders().getFirst("X-Degraded")).isEqualTo("catalog-db-cache");
		assertThat(response.getHeaders().getFirst(HttpHeaders.AGE)).matches("\\d+");
		assertThat(response.getBody()).isEqualTo(fresh.getBody());
	}

	private static void assertUnavailable(ResponseEntity<String> response) {
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
		assertThat(response.getBody()).contains("https://shop.example.com/problems/service-unavailable");
	}

	private static final String DATABASE = "catalog";

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnDatabase {

		/** A primary + replica for this test alone, closed with its context. */
		@Bean(destroyMethod = "close")
		PostgresCluster outageCluster() {
			return TestInfrastructure.separateCluster(DATABASE);
		}

		@Bean
		DynamicPropertyRegistrar outageDatabase(PostgresCluster outageCluster) {
			return (registry) -> {
				registry.add("spring.datasource.url", () -> outageCluster.primary().jdbcUrl(DATABASE));
				registry.add("spring.datasource.username", () -> PostgresServer.USER);
				registry.add("spring.datasource.password", () -> "");
				registry.add("shop.catalog.replica.url", () -> outageCluster.replica().jdbcUrl(DATABASE));
				registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
			};
		}

	}

}
