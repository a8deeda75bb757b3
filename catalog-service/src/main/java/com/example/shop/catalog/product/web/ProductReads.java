package com.example.shop.catalog.product.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.example.shop.catalog.product.ProductCatalog;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;

import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.web.PagedModel;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * The product reads of the API, and what they answer while the database (replica and
 * primary) is unreachable: the last answer each read got, with its age. Every successful
 * read refreshes its copy.
 * <p>
 * The {@value #CATALOG_DB} circuit breaker (numbers in {@code application.yml}) stops
 * asking a dead database: once it opens, reads get their copy at once instead of waiting
 * for a connection timeout each. It is the only resilience4j decorator here (their fixed
 * order would be Retry( CircuitBreaker( RateLimiter( TimeLimiter( Bulkhead( call ))))); a
 * retry against a dead database would only add waiting, and the JDBC timeouts already
 * bound each call).
 */
@Component
class ProductReads {

	static final String CATALOG_DB = "catalog-db";

	private final ProductCatalog catalog;

	private final Cache<Long, Copy<ProductResponse>> products;

	private final Cache<PageRequest, Copy<PagedModel<ProductResponse>>> pages;

	private final Clock clock = Clock.systemUTC();

	ProductReads(ProductCatalog catalog, ReadCacheProperties properties) {
		this.catalog = catalog;
		this.products = Caffeine.newBuilder()
			.maximumSize(properties.maximumSize())
			.expireAfterWrite(properties.timeToLive())
			.build();
		this.pages = Caffeine.newBuilder()
			.maximumSize(properties.maximumSize())
			.expireAfterWrite(properties.timeToLive())
			.build();
	}

	@CircuitBreaker(name = CATALOG_DB, fallbackMethod = "lastKnownProduct")
	public Served<ProductResponse> find(long id) {
		ProductResponse product = ProductResponse.of(this.catalog.find(id));
		this.products.put(id, new Copy<>(product, this.clock.instant()));
		return Served.fresh(product);
	}

	Served<ProductResponse> lastKnownProduct(long id, Throwable failure) {
		return lastKnown(this.products.getIfPresent(id), failure);
	}

	@CircuitBreaker(name = CATALOG_DB, fallbackMethod = "lastKnownPage")
	public Served<PagedModel<ProductResponse>> findAll(PageRequest request) {
		PagedModel<ProductResponse> page = new PagedModel<>(this.catalog.findAll(request).map(ProductResponse::of));
		this.pages.put(request, new Copy<>(page, this.clock.instant()));
		return Served.fresh(page);
	}

	Served<PagedModel<ProductResponse>> lastKnownPage(PageRequest request, Throwable failure) {
		return lastKnown(this.pages.getIfPresent(request), failure);
	}

	/**
	 * The copy, when the read failed because the database is unreachable (or the breaker
	 * open). Any other failure (an unknown product, a bug) is the answer itself.
	 */
	private <T> Served<T> lastKnown(@Nullable Copy<T> copy, Throwable failure) {
		if (!isOutage(failure)) {
			if (failure instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (failure instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(failure);
		}
		if (copy == null) {
			throw new CatalogUnavailableException(failure);
		}
		return Served.copy(copy.value(), Duration.between(copy.storedAt(), this.clock.instant()));
	}

	private static boolean isOutage(Throwable failure) {
		return failure instanceof CallNotPermittedException || failure instanceof DataAccessException
				|| failure instanceof TransactionException;
	}

	private record Copy<T>(T value, Instant storedAt) {
	}

}
