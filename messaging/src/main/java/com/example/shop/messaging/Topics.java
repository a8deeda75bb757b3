package com.example.shop.messaging;

/**
 * The saga's Kafka topics. Each has one producing service and one consuming service, and
 * every message is keyed by order id, so the events of one order stay in order on one
 * partition.
 */
public final class Topics {

	/** order-service → catalog-service: {@link OrderPlaced}, {@link OrderRejected}. */
	public static final String ORDERS = "shop.orders";

	/** catalog-service → order-service: {@link StockReserved}, {@link StockRejected}. */
	public static final String STOCK = "shop.stock";

	/** order-service → payment-service: {@link PaymentRequested}. */
	public static final String PAYMENT_REQUESTS = "shop.payment-requests";

	/**
	 * payment-service → order-service: {@link PaymentCompleted}, {@link PaymentDeclined}.
	 */
	public static final String PAYMENTS = "shop.payments";

	/**
	 * Suffix of the dead-letter topic that spring-kafka's recoverer writes poison
	 * messages to.
	 */
	public static final String DEAD_LETTER_SUFFIX = "-dlt";

	private Topics() {
	}

}
