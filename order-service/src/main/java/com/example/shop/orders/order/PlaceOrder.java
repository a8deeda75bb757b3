package com.example.shop.orders.order;

import java.util.Comparator;
import java.util.List;

import com.example.shop.orders.idempotency.RequestFingerprint;

/** A validated request to place an order: who orders which products, how many of each. */
public record PlaceOrder(String customerId, List<Item> items) {

	public PlaceOrder {
		items = List.copyOf(items);
	}

	public record Item(long productId, int quantity) {
	}

	/**
	 * Identifies the request for its {@code Idempotency-Key}: equal for the same customer
	 * and the same quantities per product, in whatever order the items came.
	 */
	public RequestFingerprint fingerprint() {
		return RequestFingerprint.of(canonicalForm());
	}

	// length-prefixed, so no customer id can pass for another request's text
	String canonicalForm() {
		StringBuilder form = new StringBuilder("place-order/v1\n");
		form.append(this.customerId.length()).append(':').append(this.customerId).append('\n');
		this.items.stream()
			.sorted(Comparator.comparingLong(Item::productId).thenComparingInt(Item::quantity))
			.forEach((item) -> form.append(item.productId()).append('x').append(item.quantity()).append('\n'));
		return form.toString();
	}

}
