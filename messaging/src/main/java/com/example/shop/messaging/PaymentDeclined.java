package com.example.shop.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * The provider declined the charge for good (not a transient failure: those are retried).
 */
public record PaymentDeclined(UUID eventId, Instant occurredAt, UUID orderId, String reason) implements SagaEvent {

	public static PaymentDeclined of(UUID orderId, String reason) {
		return new PaymentDeclined(UUID.randomUUID(), Instant.now(), orderId, reason);
	}

}
