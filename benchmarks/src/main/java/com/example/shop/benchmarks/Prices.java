package com.example.shop.benchmarks;

import org.springframework.stereotype.Component;

/**
 * The work every benchmark does, bare: a price computed from the product id, trivial but
 * depending on its argument so the JIT cannot fold it away. The {@code plainCall}
 * benchmark calls it directly; {@link PriceLookup} calls it behind the resilience
 * annotations, and {@code decoratorsCall} behind resilience4j's decorators. It stands
 * where order-service's catalog client makes its HTTP call: the benchmarks measure what
 * is around the call, not the call.
 */
@Component
public class Prices {

	/**
	 * The price of product {@code productId}.
	 * @param productId the product
	 * @return its price, from {@link Price.Source#LOOKUP}
	 */
	public Price price(long productId) {
		return new Price(productId, 199 + (productId * 37) % 10_000, Price.Source.LOOKUP);
	}

}
