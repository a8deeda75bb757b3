package com.example.shop.orders.catalog;

import io.github.resilience4j.bulkhead.annotation.Bulkhead;
import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Reads prices from catalog-service over HTTP, guarded by resilience4j (numbers in
 * {@code resilience4j.*.instances.catalog}). The aspects nest in their fixed order:
 * Retry( CircuitBreaker( Bulkhead( call ))) — the breaker sees every attempt, and a retry
 * stops as soon as the breaker is open.
 * <ul>
 * <li>time bound: the HTTP client's connect and read timeouts bound each attempt (a
 * TimeLimiter would need an async call; a blocking call on a virtual thread does not);
 * </li>
 * <li>retry: IO errors, timeouts and 5xx only, with exponential backoff and jitter; a 4xx
 * is an answer, not an outage;</li>
 * <li>circuit breaker: stops asking a failing catalog; a 404 is ignored;</li>
 * <li>bulkhead: a bounded number of concurrent calls, so a slow catalog cannot hold every
 * request thread;</li>
 * <li>fallback: the last price catalog gave ({@link LastKnownPrices}).</li>
 * </ul>
 */
@Component
public class CatalogClient {

	static final String CATALOG = "catalog";

	private static final Logger log = LoggerFactory.getLogger(CatalogClient.class);

	private final RestClient http;

	private final LastKnownPrices lastKnown;

	CatalogClient(RestClient.Builder builder, CatalogProperties properties, LastKnownPrices lastKnown) {
		ClientHttpRequestFactorySettings timeouts = ClientHttpRequestFactorySettings.defaults()
			.withConnectTimeout(properties.connectTimeout())
			.withReadTimeout(properties.readTimeout());
		this.http = builder.baseUrl(properties.baseUrl().toString())
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(timeouts))
			.build();
		this.lastKnown = lastKnown;
	}

	/**
	 * The price of product {@code id}: catalog's current one, or while catalog cannot
	 * answer, the last one it gave.
	 * @throws UnknownProductException when catalog does not know the product
	 * @throws CatalogUnavailableException when catalog cannot answer and never priced the
	 * product (or too long ago)
	 */
	@Retry(name = CATALOG, fallbackMethod = "lastKnownPrice")
	@CircuitBreaker(name = CATALOG)
	@Bulkhead(name = CATALOG)
	public Price findPrice(long id) {
		Product product = this.http.get()
			.uri("/api/products/{id}", id)
			.retrieve()
			.onStatus((status) -> status.isSameCodeAs(HttpStatus.NOT_FOUND), (request, response) -> {
				throw new UnknownProductException(id);
			})
			.body(Product.class);
		if (product == null || product.price() == null) {
			throw new CatalogUnavailableException("Catalog answered without a price for product " + id, null);
		}
		this.lastKnown.remember(id, product.price());
		return new Price(id, product.price(), PriceSource.CATALOG);
	}

	// after the retries, or at once when the breaker is open or the bulkhead full
	Price lastKnownPrice(long id, RuntimeException failure) {
		if (failure instanceof UnknownProductException unknown) {
			throw unknown;
		}
		return this.lastKnown.find(id).map((price) -> {
			log.warn("Catalog unavailable ({}), pricing product {} at its last known price", failure.toString(), id);
			return new Price(id, price, PriceSource.CACHE);
		})
			.orElseThrow(() -> (failure instanceof CatalogUnavailableException unavailable) ? unavailable
					: new CatalogUnavailableException("Catalog did not answer for product " + id, failure));
	}

}
