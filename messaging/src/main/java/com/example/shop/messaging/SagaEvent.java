package com.example.shop.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * A message of the order saga. Every event names the order it belongs to (the Kafka key),
 * carries its own id (consumers may see it more than once) and the time it happened.
 * Events evolve by adding fields only.
 */
public sealed interface SagaEvent permits OrderPlaced, OrderRejected, StockReserved, StockRejected, PaymentRequested,
		PaymentCompleted, PaymentDeclined {

	UUID eventId();

	Instant occurredAt();

	UUID orderId();

	/**
	 * The type name written in the record's type header; consumers map it back to the
	 * record.
	 */
	default String type() {
		return getClass().getSimpleName();
	}

}
