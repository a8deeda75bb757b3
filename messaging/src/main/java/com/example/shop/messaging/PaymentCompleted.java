package com.example.shop.messaging;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The provider charged the order's amount. */
public record PaymentCompleted(UUID eventId, Instant occurredAt, UUID orderId, String chargeId,
		BigDecimal amount) implements SagaEvent {

	public static PaymentCompleted of(UUID orderId, String chargeId, BigDecimal amount) {
		return new PaymentCompleted(UUID.randomUUID(), Instant.now(), orderId, chargeId, amount);
	}

}
