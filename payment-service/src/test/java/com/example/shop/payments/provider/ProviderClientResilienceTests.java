package com.example.shop.payments.provider;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot3.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link ProviderClient#charge} with its circuit breaker, retry and bulkhead as
 * configured in {@code application.yml}, against WireMock over real HTTP. Every number
 * asserted here is read from the configuration, so the tests follow the YAML.
 */
@SpringBootTest(classes = ProviderClientResilienceTests.Client.class, webEnvironment = WebEnvironment.NONE)
class ProviderClientResilienceTests {

	private static final WireMockServer provider = new WireMockServer(options().dynamicPort().containerThreads(50));

	private static final UUID ORDER = UUID.fromString("7b0f5f1e-3c0a-4d61-9a39-0d2f4c8e1a11");

	private static final String APPROVAL = """
			{"chargeId":"ch_1","status":"APPROVED","reason":null}""";

	static {
		provider.start();
	}

	@Autowired
	private ProviderClient client;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private RetryRegistry retries;

	@Autowired
	private BulkheadRegistry bulkheads;

	@DynamicPropertySource
	static void provider(DynamicPropertyRegistry registry) {
		registry.add("shop.provider.base-url", provider::baseUrl);
	}

	@AfterAll
	static void stopProvider() {
		provider.stop();
	}

	@BeforeEach
	void resetProviderAndBreaker() {
		provider.resetAll();
		breaker().reset();
	}

	@Nested
	class Retry {

		@Test
		void retriesATransientFailureWithTheSameIdempotencyKey() {
			provider.stubFor(post("/charges").inScenario("flaky")
				.whenScenarioStateIs(STARTED)
				.willReturn(aResponse().withStatus(503))
				.willSetStateTo("failed once"));
			provider.stubFor(post("/charges").inScenario("flaky")
				.whenScenarioStateIs("failed once")
				.willReturn(aResponse().withStatus(502))
				.willSetStateTo("failed twice"));
			provider.stubFor(post("/charges").inScenario("flaky").whenScenarioStateIs("failed twice").willReturn(ok()));

			assertThat(charge()).isEqualTo(new ChargeOutcome.Approved("ch_1"));

			assertThat(maxAttempts()).isEqualTo(3);
			provider.verify(maxAttempts(),
					postRequestedFor(urlEqualTo("/charges")).withHeader("Idempotency-Key", equalTo("key-1")));
		}

		@Test
		void givesUpAfterTheConfiguredAttemptsWaitingLongerEachTime() {
			provider.stubFor(post("/charges").willReturn(aResponse().withStatus(503)));

			assertThatExceptionOfType(ProviderUnavailableException.class)
				.isThrownBy(ProviderClientResilienceTests.this::charge);

			var calls = provider.getAllServeEvents().reversed();
			assertThat(calls).hasSize(maxAttempts());
			long firstWait = calls.get(1).getRequest().getLoggedDate().getTime()
					- calls.get(0).getRequest().getLoggedDate().getTime();
			long secondWait = calls.get(2).getRequest().getLoggedDate().getTime()
					- calls.get(1).getRequest().getLoggedDate().getTime();
			// 200ms then 400ms, each +-50% at random.
			assertThat(firstWait).isBetween(100L, 600L);
			assertThat(secondWait).isBetween(200L, 1_000L);
		}

		@Test
		void neverRetriesARefusalNorCountsItAgainstTheProvider() {
			provider.stubFor(post("/charges").willReturn(aResponse().withStatus(422)));

			for (int i = 0; i < 10; i++) {
				assertThatExceptionOfType(ProviderRejectedException.class)
					.isThrownBy(ProviderClientResilienceTests.this::charge);
			}

			provider.verify(10, postRequestedFor(urlEqualTo("/charges")));
			assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isZero();
		}

		@Test
		void getsTheDecisionWhoseAnswerWasLostByAskingAgainWithTheSameKey() {
			provider.stubFor(post("/charges").inScenario("lost answer")
				.whenScenarioStateIs(STARTED)
				.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
				.willSetStateTo("charged"));
			provider.stubFor(post("/charges").inScenario("lost answer")
				.whenScenarioStateIs("charged")
				.willReturn(ok().withStatus(200).withHeader("Idempotent-Replayed", "true")));

			assertThat(charge()).isEqualTo(new ChargeOutcome.Approved("ch_1"));

			provider.verify(2,
					postRequestedFor(urlEqualTo("/charges")).withHeader("Idempotency-Key", equalTo("key-1")));
		}

	}

	@Nested
	class Breaker {

		@Test
		void opensAfterTheMinimumNumberOfFailedCallsThenFailsFastWithoutCallingTheProvider() {
			provider.stubFor(post("/charges").willReturn(aResponse().withStatus(503)));
			int minimumCalls = breaker().getCircuitBreakerConfig().getMinimumNumberOfCalls();

			openTheBreaker();

			assertThat(minimumCalls).isEqualTo(5);
			provider.verify(minimumCalls, postRequestedFor(urlEqualTo("/charges")));
			long started = System.nanoTime();
			assertThatExceptionOfType(ProviderUnavailableException.class)
				.isThrownBy(ProviderClientResilienceTests.this::charge)
				.withCauseInstanceOf(CallNotPermittedException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
			provider.verify(minimumCalls, postRequestedFor(urlEqualTo("/charges")));
		}

		@Test
		void halfOpensAfterTheWaitAndClosesAfterThePermittedCallsSucceed() {
			provider.stubFor(post("/charges").willReturn(aResponse().withStatus(503)));
			openTheBreaker();
			provider.stubFor(post("/charges").willReturn(ok()));
			Duration wait = Duration
				.ofMillis(breaker().getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
			assertThat(wait).isEqualTo(Duration.ofSeconds(5));

			assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
			await().atMost(wait.plusSeconds(3)).until(() -> breaker().getState() == CircuitBreaker.State.HALF_OPEN);

			int permitted = breaker().getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState();
			for (int i = 0; i < permitted; i++) {
				assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
				assertThat(charge()).isEqualTo(new ChargeOutcome.Approved("ch_1"));
			}
			assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		}

		private void openTheBreaker() {
			for (int i = 0; i < 10 && breaker().getState() != CircuitBreaker.State.OPEN; i++) {
				assertThatExceptionOfType(ProviderUnavailableException.class)
					.isThrownBy(ProviderClientResilienceTests.this::charge);
			}
			assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		}

	}

	@Nested
	class Bulkhead {

		@Test
		void refusesCallsBeyondTheLimitAtOnceWhileTheProviderIsSlow() throws Exception {
			provider.stubFor(post("/charges").willReturn(ok().withFixedDelay(2_000)));
			int limit = bulkhead().getBulkheadConfig().getMaxConcurrentCalls();
			int extra = 3;
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Object>> calls = new ArrayList<>();
			try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
				for (int i = 0; i < limit + extra; i++) {
					calls.add(callers.submit(() -> {
						go.await();
						long started = System.nanoTime();
						try {
							return charge();
						}
						catch (ProviderUnavailableException ex) {
							assertThat(ex).hasCauseInstanceOf(BulkheadFullException.class);
							return Duration.ofNanos(System.nanoTime() - started);
						}
					}));
				}
				go.countDown();
				List<Object> results = new ArrayList<>();
				for (Future<Object> call : calls) {
					results.add(call.get());
				}

				assertThat(limit).isEqualTo(10);
				assertThat(results).filteredOn(ChargeOutcome.Approved.class::isInstance).hasSize(limit);
				assertThat(results).filteredOn(Duration.class::isInstance)
					.hasSize(extra)
					// Refused without waiting for a slot, i.e. sooner than the slow
					// provider answers.
					.allSatisfy((took) -> assertThat((Duration) took).isLessThan(Duration.ofMillis(2_000)));
			}
			provider.verify(limit, postRequestedFor(urlEqualTo("/charges")));
			assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isZero();
		}

		private io.github.resilience4j.bulkhead.Bulkhead bulkhead() {
			return ProviderClientResilienceTests.this.bulkheads.bulkhead(ProviderClient.PROVIDER);
		}

	}

	private ChargeOutcome charge() {
		return this.client.charge("key-1", ORDER, "c-42", new BigDecimal("25.00"));
	}

	private CircuitBreaker breaker() {
		return this.breakers.circuitBreaker(ProviderClient.PROVIDER);
	}

	private int maxAttempts() {
		return this.retries.retry(ProviderClient.PROVIDER).getRetryConfig().getMaxAttempts();
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok() {
		return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(APPROVAL);
	}

	/**
	 * Only what {@link ProviderClient} needs: HTTP, JSON, AOP, resilience4j and a meter
	 * registry.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AopAutoConfiguration.class, JacksonAutoConfiguration.class,
			HttpMessageConvertersAutoConfiguration.class, RestClientAutoConfiguration.class,
			CircuitBreakerAutoConfiguration.class, RetryAutoConfiguration.class, BulkheadAutoConfiguration.class })
	@EnableConfigurationProperties(ProviderProperties.class)
	@Import({ ProviderClient.class, ProviderCapacity.class })
	static class Client {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
