package com.example.shop.orders.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot3.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.badRequest;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link CatalogClient}'s resilience, with the numbers of {@code application.yml} and
 * WireMock playing catalog-service over real HTTP. Only the catalog client, resilience4j
 * and the HTTP client are started: no database, no Kafka. A test that opens the breaker
 * dirties the context: resetting the breaker does not cancel its scheduled move to
 * half-open, which would otherwise fire in a later test.
 */
@SpringBootTest(classes = CatalogClientTests.CatalogOnly.class)
class CatalogClientTests {

	// one server for the outer class and its nested ones (they share the Spring context,
	// hence the URL); threads to spare for the calls the bulkhead test holds
	private static final WireMockServer catalog = new WireMockServer(
			wireMockConfig().dynamicPort().containerThreads(60));

	@BeforeAll
	static void startCatalog() {
		catalog.start();
	}

	@AfterAll
	static void stopCatalog() {
		catalog.stop();
	}

	@DynamicPropertySource
	static void catalogUrl(DynamicPropertyRegistry registry) {
		registry.add("shop.catalog.base-url", catalog::baseUrl);
	}

	@Autowired
	private CatalogClient client;

	@Autowired
	private LastKnownPrices lastKnown;

	@Autowired
	private CatalogProperties properties;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private RetryRegistry retries;

	@Autowired
	private BulkheadRegistry bulkheads;

	@Value("${resilience4j.retry.configs.default.waitDuration}")
	private Duration retryWait;

	@Value("${resilience4j.retry.configs.default.exponentialBackoffMultiplier}")
	private double retryMultiplier;

	@Value("${resilience4j.retry.configs.default.randomizedWaitFactor}")
	private double retryJitter;

	private CircuitBreaker breaker;

	@BeforeEach
	void freshCatalog() {
		this.breaker = this.breakers.circuitBreaker(CatalogClient.CATALOG);
		this.breaker.reset();
		this.lastKnown.forgetAll();
		catalog.resetAll();
	}

	@Nested
	class Retry {

		@Test
		void retriesServerErrorsWithBackoffUntilCatalogAnswers() {
			catalog.stubFor(get("/api/products/1").inScenario("flaky")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(serverError())
				.willSetStateTo("failed once"));
			catalog.stubFor(get("/api/products/1").inScenario("flaky")
				.whenScenarioStateIs("failed once")
				.willReturn(serverError())
				.willSetStateTo("recovered"));
			catalog.stubFor(get("/api/products/1").inScenario("flaky")
				.whenScenarioStateIs("recovered")
				.willReturn(okJson(product(1, "12.50"))));
			long started = System.nanoTime();

			Price price = CatalogClientTests.this.client.findPrice(1);

			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			assertThat(price).isEqualTo(new Price(1, new BigDecimal("12.50"), PriceSource.CATALOG));
			assertThat(maxAttempts()).isEqualTo(3);
			catalog.verify(maxAttempts(), getRequestedFor(urlEqualTo("/api/products/1")));
			assertThat(elapsed).isGreaterThanOrEqualTo(shortestBackoff(maxAttempts() - 1))
				.isLessThan(longestBackoff(maxAttempts() - 1).plusSeconds(2));
		}

		@Test
		void retriesAResetConnectionThenGivesUp() {
			catalog.stubFor(get("/api/products/1").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

			assertThatExceptionOfType(CatalogUnavailableException.class)
				.isThrownBy(() -> CatalogClientTests.this.client.findPrice(1));

			catalog.verify(maxAttempts(), getRequestedFor(urlEqualTo("/api/products/1")));
		}

		@Test
		void boundsEachAttemptByTheReadTimeout() {
			Duration readTimeout = CatalogClientTests.this.properties.readTimeout();
			catalog.stubFor(get("/api/products/1")
				.willReturn(okJson(product(1, "12.50")).withFixedDelay((int) readTimeout.plusSeconds(1).toMillis())));
			long started = System.nanoTime();

			assertThatExceptionOfType(CatalogUnavailableException.class)
				.isThrownBy(() -> CatalogClientTests.this.client.findPrice(1));

			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			catalog.verify(maxAttempts(), getRequestedFor(urlEqualTo("/api/products/1")));
			assertThat(elapsed).isGreaterThanOrEqualTo(readTimeout.multipliedBy(maxAttempts()))
				.isLessThan(
						readTimeout.multipliedBy(maxAttempts()).plus(longestBackoff(maxAttempts() - 1)).plusSeconds(2));
		}

		@Test
		void neverRetriesNorCountsAnUnknownProduct() {
			catalog.stubFor(get("/api/products/999").willReturn(notFound()));

			assertThatExceptionOfType(UnknownProductException.class)
				.isThrownBy(() -> CatalogClientTests.this.client.findPrice(999))
				.satisfies((ex) -> assertThat(ex.getProductId()).isEqualTo(999));

			catalog.verify(1, getRequestedFor(urlEqualTo("/api/products/999")));
			assertThat(CatalogClientTests.this.breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
		}

		@Test
		void neverRetriesAClientError() {
			catalog.stubFor(get("/api/products/1").willReturn(badRequest()));

			assertThatExceptionOfType(CatalogUnavailableException.class)
				.isThrownBy(() -> CatalogClientTests.this.client.findPrice(1));

			catalog.verify(1, getRequestedFor(urlEqualTo("/api/products/1")));
		}

	}

	@Nested
	class CircuitBreakerTests {

		@Test
		@DirtiesContext
		void opensAfterTheMinimumNumberOfFailedCallsAndStopsCallingCatalog() {
			catalog.stubFor(get("/api/products/1").willReturn(serverError()));

			int minimumCalls = openTheBreaker();

			assertThat(minimumCalls).isEqualTo(5);
			catalog.verify(minimumCalls, getRequestedFor(urlEqualTo("/api/products/1")));
			for (int i = 0; i < 3; i++) {
				assertThatExceptionOfType(CatalogUnavailableException.class)
					.isThrownBy(() -> CatalogClientTests.this.client.findPrice(1))
					.withCauseInstanceOf(CallNotPermittedException.class);
			}
			catalog.verify(minimumCalls, getRequestedFor(urlEqualTo("/api/products/1")));
		}

		@Test
		@DirtiesContext
		void halfOpensAfterItsWaitAndClosesAfterSuccessfulCalls() {
			catalog.stubFor(get("/api/products/1").willReturn(serverError()));
			AtomicLong opened = new AtomicLong();
			CatalogClientTests.this.breaker.getEventPublisher().onStateTransition((event) -> {
				if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
					opened.set(System.nanoTime());
				}
			});
			int minimumCalls = openTheBreaker();
			Duration wait = Duration.ofMillis(CatalogClientTests.this.breaker.getCircuitBreakerConfig()
				.getWaitIntervalFunctionInOpenState()
				.apply(1));
			assertThat(wait).isEqualTo(Duration.ofSeconds(5));
			catalog.stubFor(get("/api/products/1").willReturn(okJson(product(1, "12.50"))));

			await().atMost(wait.plusSeconds(3))
				.until(() -> CatalogClientTests.this.breaker.getState() == CircuitBreaker.State.HALF_OPEN);

			assertThat(Duration.ofNanos(System.nanoTime() - opened.get())).isGreaterThanOrEqualTo(wait);
			int permitted = CatalogClientTests.this.breaker.getCircuitBreakerConfig()
				.getPermittedNumberOfCallsInHalfOpenState();
			assertThat(permitted).isEqualTo(3);
			for (int i = 0; i < permitted; i++) {
				assertThat(CatalogClientTests.this.client.findPrice(1).source()).isEqualTo(PriceSource.CATALOG);
			}
			assertThat(CatalogClientTests.this.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			catalog.verify(minimumCalls + permitted, getRequestedFor(urlEqualTo("/api/products/1")));
		}

		// every attempt of every call counts: with all of them failing, the breaker opens
		// on
		// the configured minimum number of calls
		private int openTheBreaker() {
			int minimumCalls = CatalogClientTests.this.breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls();
			for (int call = 0; call < minimumCalls
					&& CatalogClientTests.this.breaker.getState() == CircuitBreaker.State.CLOSED; call++) {
				assertThatExceptionOfType(CatalogUnavailableException.class)
					.isThrownBy(() -> CatalogClientTests.this.client.findPrice(1));
			}
			assertThat(CatalogClientTests.this.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
			assertThat(CatalogClientTests.this.breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(minimumCalls);
			return minimumCalls;
		}

	}

	@Nested
	class BulkheadTests {

		@Test
		void rejectsCallsBeyondItsLimitWhileTheLimitsWorthProceed() throws Exception {
			Bulkhead bulkhead = CatalogClientTests.this.bulkheads.bulkhead(CatalogClient.CATALOG);
			int limit = bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
			assertThat(limit).isEqualTo(20);
			catalog.stubFor(get("/api/products/1").willReturn(okJson(product(1, "12.50")).withFixedDelay(1500)));
			catalog.stubFor(get("/api/products/2").willReturn(okJson(product(2, "4.99"))));
			List<Future<Price>> held = new ArrayList<>();
			try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
				for (int i = 0; i < limit; i++) {
					held.add(threads.submit(() -> CatalogClientTests.this.client.findPrice(1)));
				}
				await().atMost(Duration.ofSeconds(5))
					.until(() -> bulkhead.getMetrics().getAvailableConcurrentCalls() == 0);

				assertThatExceptionOfType(CatalogUnavailableException.class)
					.isThrownBy(() -> CatalogClientTests.this.client.findPrice(2))
					.withCauseInstanceOf(BulkheadFullException.class);
			}

			assertThat(held).allSatisfy((call) -> assertThat(call.get().source()).isEqualTo(PriceSource.CATALOG));
			catalog.verify(limit, getRequestedFor(urlEqualTo("/api/products/1")));
			catalog.verify(0, getRequestedFor(urlEqualTo("/api/products/2")));
			assertThat(CatalogClientTests.this.breaker.getMetrics().getNumberOfFailedCalls()).isZero();
			assertThat(CatalogClientTests.this.client.findPrice(2).source()).isEqualTo(PriceSource.CATALOG);
		}

	}

	@Nested
	class Fallback {

		@Test
		void pricesAtTheLastKnownPriceWhileCatalogFails() {
			catalog.stubFor(get("/api/products/1").willReturn(okJson(product(1, "12.50"))));
			assertThat(CatalogClientTests.this.client.findPrice(1).source()).isEqualTo(PriceSource.CATALOG);
			catalog.stubFor(get("/api/products/1").willReturn(serverError()));

			Price price = CatalogClientTests.this.client.findPrice(1);

			assertThat(price).isEqualTo(new Price(1, new BigDecimal("12.50"), PriceSource.CACHE));
		}

		@Test
		@DirtiesContext
		void pricesAtTheLastKnownPriceWhileTheBreakerIsOpen() {
			catalog.stubFor(get("/api/products/1").willReturn(okJson(product(1, "12.50"))));
			CatalogClientTests.this.client.findPrice(1);
			CatalogClientTests.this.breaker.transitionToOpenState();
			int requests = catalog.findAll(getRequestedFor(urlEqualTo("/api/products/1"))).size();

			assertThat(CatalogClientTests.this.client.findPrice(1).source()).isEqualTo(PriceSource.CACHE);
			catalog.verify(requests, getRequestedFor(urlEqualTo("/api/products/1")));
		}

		@Test
		void keepsTheLatestPriceCatalogGave() {
			catalog.stubFor(get("/api/products/1").willReturn(okJson(product(1, "12.50"))));
			CatalogClientTests.this.client.findPrice(1);
			catalog.stubFor(get("/api/products/1").willReturn(okJson(product(1, "13.00"))));
			CatalogClientTests.this.client.findPrice(1);
			catalog.stubFor(get("/api/products/1").willReturn(serverError()));

			assertThat(CatalogClientTests.this.client.findPrice(1).amount()).isEqualByComparingTo("13.00");
		}

		@Test
		void refusesAProductCatalogNeverPriced() {
			catalog.stubFor(get("/api/products/1").willReturn(serverError()));

			assertThatExceptionOfType(CatalogUnavailableException.class)
				.isThrownBy(() -> CatalogClientTests.this.client.findPrice(1));
		}

	}

	private int maxAttempts() {
		return this.retries.retry(CatalogClient.CATALOG).getRetryConfig().getMaxAttempts();
	}

	// each wait is the exponential one, randomized by ± the jitter factor
	private Duration shortestBackoff(int waits) {
		return backoff(waits, 1 - this.retryJitter);
	}

	private Duration longestBackoff(int waits) {
		return backoff(waits, 1 + this.retryJitter);
	}

	private Duration backoff(int waits, double jitter) {
		double millis = 0;
		for (int i = 0; i < waits; i++) {
			millis += this.retryWait.toMillis() * Math.pow(this.retryMultiplier, i) * jitter;
		}
		return Duration.ofMillis((long) millis);
	}

	private static String product(long id, String price) {
		return """
				{"id":%d,"name":"Product %d","description":"A product","price":%s,"stock":40}""".formatted(id, id,
				price);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AopAutoConfiguration.class, JacksonAutoConfiguration.class,
			HttpMessageConvertersAutoConfiguration.class, RestClientAutoConfiguration.class,
			ValidationAutoConfiguration.class, CircuitBreakerAutoConfiguration.class, RetryAutoConfiguration.class,
			BulkheadAutoConfiguration.class })
	@EnableConfigurationProperties(CatalogProperties.class)
	@Import({ CatalogClient.class, LastKnownPrices.class })
	static class CatalogOnly {

	}

}
