package com.example.shop.orders.catalog;

import java.util.Collection;

/** Where a price came from: catalog itself, or its last answer while it was down. */
public enum PriceSource {

	/** catalog-service answered just now. */
	CATALOG,

	/** catalog-service could not answer; the last price it gave was used. */
	CACHE;

	/**
	 * {@code CACHE} if any of {@code prices} came from the cache, else {@code CATALOG}.
	 */
	public static PriceSource of(Collection<Price> prices) {
		return prices.stream().anyMatch((price) -> price.source() == CACHE) ? CACHE : CATALOG;
	}

}
