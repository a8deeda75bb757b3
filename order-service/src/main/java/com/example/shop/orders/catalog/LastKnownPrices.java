package com.example.shop.orders.catalog;

import java.math.BigDecimal;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

/**
 * The last price catalog gave for each product, for pricing orders while catalog is down.
 * Bounded in size and age ({@code shop.catalog.price-cache.*}): a price older than the
 * TTL is forgotten rather than charged.
 */
@Component
class LastKnownPrices {

	private final Cache<Long, BigDecimal> prices;

	LastKnownPrices(CatalogProperties properties) {
		this.prices = Caffeine.newBuilder()
			.maximumSize(properties.priceCache().maxSize())
			.expireAfterWrite(properties.priceCache().ttl())
			.build();
	}

	void remember(long productId, BigDecimal price) {
		this.prices.put(productId, price);
	}

	Optional<BigDecimal> find(long productId) {
		return Optional.ofNullable(this.prices.getIfPresent(productId));
	}

	void forgetAll() {
		this.prices.invalidateAll();
	}

}
