package com.example.shop.payments.payment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Payments in a given state, for tests outside this package. */
public final class PaymentFixtures {

	private PaymentFixtures() {
	}

	public static Payment completed(UUID orderId, String chargeId, Instant at) {
		Payment payment = Payment.request(orderId, "c-42", new BigDecimal("25.00"), "key-1", null, at);
		payment.startAttempt(at, Duration.ofSeconds(10));
		payment.complete(chargeId, at.plusSeconds(1));
		return payment;
	}

	public static PaymentNotFoundException notFound(UUID orderId) {
		return new PaymentNotFoundException(orderId);
	}

}
