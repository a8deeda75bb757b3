package com.example.shop.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * Catalog could not reserve the order's lines (reason {@code OUT_OF_STOCK} or
 * {@code UNKNOWN_PRODUCT}).
 */
public record StockRejected(UUID eventId, Instant occurredAt, UUID orderId, String reason) implements SagaEvent {

	public static StockRejected of(UUID orderId, String reason) {
		return new StockRejected(UUID.randomUUID(), Instant.now(), orderId, reason);
	}

}
