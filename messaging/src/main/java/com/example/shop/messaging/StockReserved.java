package com.example.shop.messaging;

import java.time.Instant;
import java.util.UUID;

/** Catalog holds the stock of every line of the order. */
public record StockReserved(UUID eventId, Instant occurredAt, UUID orderId) implements SagaEvent {

	public static StockReserved of(UUID orderId) {
		return new StockReserved(UUID.randomUUID(), Instant.now(), orderId);
	}

}
