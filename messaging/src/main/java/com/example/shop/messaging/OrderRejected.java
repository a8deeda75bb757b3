package com.example.shop.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * An order ended rejected; catalog releases whatever stock it holds for it (the
 * compensation step).
 */
public record OrderRejected(UUID eventId, Instant occurredAt, UUID orderId, String reason) implements SagaEvent {

	public static OrderRejected of(UUID orderId, String reason) {
		return new OrderRejected(UUID.randomUUID(), Instant.now(), orderId, reason);
	}

}
