package com.example.shop.messaging;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Stock is held: charge the customer. {@code idempotencyKey} is the key the client placed
 * the order with; the payment provider dedupes charges by it, so any number of attempts
 * charge at most once.
 */
public record PaymentRequested(UUID eventId, Instant occurredAt, UUID orderId, String customerId, BigDecimal amount,
		String idempotencyKey) implements SagaEvent {

	public static PaymentRequested of(UUID orderId, String customerId, BigDecimal amount, String idempotencyKey) {
		return new PaymentRequested(UUID.randomUUID(), Instant.now(), orderId, customerId, amount, idempotencyKey);
	}

}
