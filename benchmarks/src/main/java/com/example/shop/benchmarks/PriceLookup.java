package com.example.shop.benchmarks;

import io.github.resilience4j.bulkhead.annotation.Bulkhead;
import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;

import org.springframework.stereotype.Component;

/**
 * {@link Prices} behind the same resilience4j annotations, in the same order and with the
 * same {@code catalog} instances, as order-service's {@code CatalogClient#findPrice}: the
 * path whose cost per call the {@code annotatedCall} benchmark measures. Spring wraps the
 * bean in an AOP proxy whose aspects nest Retry( CircuitBreaker( Bulkhead( call ))), with
 * the fallback around the retry.
 */
@Component
public class PriceLookup {

	static final String CATALOG = "catalog";

	private final Prices prices;

	PriceLookup(Prices prices) {
		this.prices = prices;
	}

	/**
	 * The price of product {@code productId}, guarded like order-service's catalog
	 * client.
	 * @param productId the product
	 * @return its price, or after the retries, with the breaker open or the bulkhead
	 * full, the fallback's
	 */
	@Retry(name = CATALOG, fallbackMethod = "lastKnownPrice")
	@CircuitBreaker(name = CATALOG)
	@Bulkhead(name = CATALOG)
	public Price findPrice(long productId) {
		return this.prices.price(productId);
	}

	// after the retries, or at once when the breaker is open or the bulkhead full
	Price lastKnownPrice(long productId, RuntimeException failure) {
		return Price.lastKnown(productId);
	}

}
