package com.example.shop.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.decorators.Decorators;
import io.github.resilience4j.retry.RetryRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What order-service's resilience on the catalog client costs per call, in one thread,
 * when the call succeeds (the breaker closed, the bulkhead free): the average time of the
 * same trivial lookup ({@link Prices#price}) three ways.
 * <ul>
 * <li>{@code plainCall}: bare, the bean itself;</li>
 * <li>{@code annotatedCall}: through {@link PriceLookup}'s Spring AOP proxy with
 * {@code @Retry(fallbackMethod)}, {@code @CircuitBreaker} and {@code @Bulkhead}, as
 * order-service's {@code CatalogClient} has them;</li>
 * <li>{@code decoratorsCall}: decorated once with resilience4j's own {@link Decorators},
 * with the same {@code catalog} instances from the context's registries, nested like the
 * aspects: resilience4j-spring6 (2.4) orders its aspects Retry (lowest precedence - 5),
 * CircuitBreaker (- 4), RateLimiter (- 3), TimeLimiter (- 2), Bulkhead (- 1), so the
 * annotations run Retry( CircuitBreaker( Bulkhead( call ))) with the fallback method
 * around the retry, and the decorators are applied innermost first: bulkhead, breaker,
 * retry, fallback.</li>
 * </ul>
 * {@code annotatedCall} minus {@code plainCall} is the figure {@code ./shop bench}
 * reports; {@code decoratorsCall} minus {@code plainCall} is resilience4j's own share of
 * it, and the rest is the proxy and the aspects' work at every call (binding the
 * annotation to the advice, which Spring AOP matches against each call; the instance in
 * its registry; the fallback method). The context has no Micrometer registry, so the
 * per-call metrics order-service records through actuator are not in these figures. The
 * Spring application ({@link BenchmarkApplication}) starts once per trial and closes
 * after it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class ResilienceOverheadBenchmark {

	// a field, not a constant, so the JIT cannot fold the lookup away
	private long productId = 42;

	private ConfigurableApplicationContext context;

	private Prices prices;

	private PriceLookup lookup;

	private Supplier<Price> decorated;

	/**
	 * Starts the Spring application and decorates the lookup with the registries'
	 * {@code catalog} instances.
	 * @throws IllegalStateException when the lookup is not proxied or
	 * {@code application.yml} was not read: the figures would look fine and mean nothing
	 * (as from a shaded jar that lost Spring Boot's auto-configuration)
	 */
	@Setup(Level.Trial)
	public void start() {
		this.context = BenchmarkApplication.start();
		this.prices = this.context.getBean(Prices.class);
		this.lookup = this.context.getBean(PriceLookup.class);
		if (!AopUtils.isAopProxy(this.lookup)) {
			this.context.close();
			throw new IllegalStateException("PriceLookup is not proxied: no resilience4j aspects to measure");
		}
		if (!this.context.getEnvironment().containsProperty("resilience4j.retry.instances.catalog.baseConfig")) {
			this.context.close();
			throw new IllegalStateException("application.yml was not read: no catalog instances to measure");
		}
		this.decorated = Decorators.ofSupplier(() -> this.prices.price(this.productId))
			.withBulkhead(this.context.getBean(BulkheadRegistry.class).bulkhead(PriceLookup.CATALOG))
			.withCircuitBreaker(this.context.getBean(CircuitBreakerRegistry.class).circuitBreaker(PriceLookup.CATALOG))
			.withRetry(this.context.getBean(RetryRegistry.class).retry(PriceLookup.CATALOG))
			.withFallback(List.of(RuntimeException.class), (failure) -> Price.lastKnown(this.productId))
			.decorate();
	}

	/**
	 * Closes the Spring application.
	 */
	@TearDown(Level.Trial)
	public void stop() {
		if (this.context != null) {
			this.context.close();
		}
	}

	/**
	 * The lookup without any resilience.
	 * @return the price, for JMH to consume
	 */
	@Benchmark
	public Price plainCall() {
		return this.prices.price(this.productId);
	}

	/**
	 * The lookup through the annotated bean's proxy: Retry, CircuitBreaker and Bulkhead
	 * aspects.
	 * @return the price, for JMH to consume
	 */
	@Benchmark
	public Price annotatedCall() {
		return this.lookup.findPrice(this.productId);
	}

	/**
	 * The lookup through resilience4j's decorators, nested like the aspects.
	 * @return the price, for JMH to consume
	 */
	@Benchmark
	public Price decoratorsCall() {
		return this.decorated.get();
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

}
