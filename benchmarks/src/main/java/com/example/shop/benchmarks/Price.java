package com.example.shop.benchmarks;

/**
 * What a price lookup answers in the benchmarks: a product's price in cents, and whether
 * it was looked up or came from the fallback.
 *
 * @param productId the product
 * @param cents the price
 * @param source where the price came from
 */
public record Price(long productId, long cents, Source source) {

	/**
	 * The fallback's answer, the stand-in for order-service's last known price.
	 * @param productId the product
	 * @return a price marked {@link Source#LAST_KNOWN}
	 */
	static Price lastKnown(long productId) {
		return new Price(productId, 100, Source.LAST_KNOWN);
	}

	/**
	 * Where a {@link Price} came from.
	 */
	public enum Source {

		/** computed by {@link Prices} */
		LOOKUP,

		/**
		 * the fallback's, after the retries or with the breaker open or the bulkhead full
		 */
		LAST_KNOWN

	}

}
