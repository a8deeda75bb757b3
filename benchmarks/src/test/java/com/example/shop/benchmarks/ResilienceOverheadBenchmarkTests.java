package com.example.shop.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * That {@link ResilienceOverheadBenchmark} measures what it says: {@link PriceLookup} is
 * proxied, its retry, breaker and bulkhead are applied with {@code application.yml}'s
 * numbers (order-service's, not resilience4j's defaults), the breaker sees every attempt
 * of the retry, and the three benchmarks answer the same. With resilience4j's defaults
 * instead of the YAML (100 calls in the window, 25 concurrent calls, every exception
 * retried, 500 ms between attempts) or without the aspects, these tests fail. A test that
 * opens the breaker dirties the context: resetting the breaker does not cancel its
 * scheduled move to half-open.
 */
@SpringBootTest(classes = BenchmarkApplication.class)
class ResilienceOverheadBenchmarkTests {

	private static final long PRODUCT = 42;

	@MockitoSpyBean
	private Prices prices;

	@Autowired
	private PriceLookup lookup;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private BulkheadRegistry bulkheads;

	@Autowired
	private RetryRegistry retries;

	private CircuitBreaker breaker;

	private Bulkhead bulkhead;

	@BeforeEach
	void closeTheBreaker() {
		this.breaker = this.breakers.circuitBreaker(PriceLookup.CATALOG);
		this.bulkhead = this.bulkheads.bulkhead(PriceLookup.CATALOG);
		this.breaker.reset();
	}

	@Test
	void theCatalogInstancesHaveOrderServicesNumbers() {
		CircuitBreakerConfig breaker = this.breaker.getCircuitBreakerConfig();
		assertThat(breaker.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
		assertThat(breaker.getSlidingWindowSize()).isEqualTo(10);
		assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(5);
		assertThat(breaker.getFailureRateThreshold()).isEqualTo(50);
		assertThat(breaker.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
		assertThat(this.bulkhead.getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(20);
		assertThat(this.bulkhead.getBulkheadConfig().getMaxWaitDuration()).isEqualTo(Duration.ofMillis(10));
		RetryConfig retry = this.retries.retry(PriceLookup.CATALOG).getRetryConfig();
		assertThat(retry.getMaxAttempts()).isEqualTo(3);
		// 200 ms, then 400 ms, each randomized by ±50 %
		IntervalBiFunction<Object> waits = retry.getIntervalBiFunction();
		Either<Throwable, Object> failure = Either.left(new ResourceAccessException("catalog down"));
		assertThat(waits.apply(1, failure)).isBetween(100L, 300L);
		assertThat(waits.apply(2, failure)).isBetween(200L, 600L);
	}

	@Test
	void theLookupIsProxiedAndEachCallHoldsTheBulkheadInsideTheBreaker() {
		AtomicInteger freeDuringTheCall = new AtomicInteger(-1);
		doAnswer((invocation) -> {
			freeDuringTheCall.set(this.bulkhead.getMetrics().getAvailableConcurrentCalls());
			return invocation.callRealMethod();
		}).when(this.prices).price(anyLong());

		assertThat(AopUtils.isAopProxy(this.lookup)).isTrue();
		assertThat(this.lookup.findPrice(PRODUCT)).isEqualTo(new Price(PRODUCT, 1753, Price.Source.LOOKUP));
		assertThat(freeDuringTheCall).hasValue(19);
		assertThat(this.bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(20);
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
	}

	@Test
	void aTransientFailureIsTriedThreeTimesEachThroughTheBreakerThenFallsBack() {
		doThrow(new ResourceAccessException("catalog down")).when(this.prices).price(anyLong());

		assertThat(this.lookup.findPrice(PRODUCT)).isEqualTo(Price.lastKnown(PRODUCT));
		verify(this.prices, times(3)).price(PRODUCT);
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(3);
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void aFailureThatIsNotTransientIsNotRetried() {
		doThrow(new IllegalStateException("a bug, not an outage")).when(this.prices).price(anyLong());

		assertThat(this.lookup.findPrice(PRODUCT)).isEqualTo(Price.lastKnown(PRODUCT));
		verify(this.prices, times(1)).price(PRODUCT);
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
	}

	@Test
	@DirtiesContext
	void theBreakerOpensAtTheFifthFailedAttemptAndTheRetryStopsThere() {
		doThrow(new ResourceAccessException("catalog down")).when(this.prices).price(anyLong());

		assertThat(this.lookup.findPrice(PRODUCT)).isEqualTo(Price.lastKnown(PRODUCT));
		assertThat(this.lookup.findPrice(PRODUCT)).isEqualTo(Price.lastKnown(PRODUCT));
		// 3 attempts, then 2 more: the fifth opens the breaker, the sixth is not
		// permitted
		verify(this.prices, times(5)).price(PRODUCT);
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	@Test
	void aFullBulkheadFallsBackWithoutCallingAndWithoutCountingAgainstTheBreaker() throws Exception {
		CountDownLatch inside = new CountDownLatch(20);
		CountDownLatch release = new CountDownLatch(1);
		doAnswer((invocation) -> {
			inside.countDown();
			release.await(30, TimeUnit.SECONDS);
			return invocation.callRealMethod();
		}).when(this.prices).price(anyLong());

		List<Future<Price>> held = new ArrayList<>();
		try (ExecutorService callers = Executors.newFixedThreadPool(20)) {
			try {
				for (int i = 0; i < 20; i++) {
					held.add(callers.submit(() -> this.lookup.findPrice(PRODUCT)));
				}
				assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
				// the 21st call: the bulkhead is full, waits its 10 ms and falls back
				assertThat(this.lookup.findPrice(PRODUCT)).isEqualTo(Price.lastKnown(PRODUCT));
			}
			finally {
				release.countDown();
			}
			for (Future<Price> call : held) {
				assertThat(call.get(30, TimeUnit.SECONDS).source()).isEqualTo(Price.Source.LOOKUP);
			}
		}
		verify(this.prices, times(20)).price(PRODUCT);
		// the window holds the last 10 calls: all successful, the refused one not among
		// them
		assertThat(this.breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(10);
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(10);
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void theThreeBenchmarksAnswerTheSameAndOnlyThePlainOneBypassesTheBreaker() {
		ResilienceOverheadBenchmark benchmark = new ResilienceOverheadBenchmark();
		benchmark.start();
		try {
			Price expected = new Price(PRODUCT, 1753, Price.Source.LOOKUP);
			assertThat(AopUtils.isAopProxy(benchmark.context().getBean(PriceLookup.class))).isTrue();
			CircuitBreaker.Metrics calls = benchmark.context()
				.getBean(CircuitBreakerRegistry.class)
				.circuitBreaker(PriceLookup.CATALOG)
				.getMetrics();
			assertThat(benchmark.plainCall()).isEqualTo(expected);
			assertThat(calls.getNumberOfSuccessfulCalls()).isZero();
			assertThat(benchmark.annotatedCall()).isEqualTo(expected);
			assertThat(calls.getNumberOfSuccessfulCalls()).isEqualTo(1);
			assertThat(benchmark.decoratorsCall()).isEqualTo(expected);
			assertThat(calls.getNumberOfSuccessfulCalls()).isEqualTo(2);
		}
		finally {
			benchmark.stop();
		}
		assertThat(benchmark.context().isActive()).isFalse();
	}

}
