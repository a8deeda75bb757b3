package com.example.shop.payments.payment.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.example.shop.payments.payment.Payment;
import com.example.shop.payments.payment.PaymentStatus;

record PaymentResponse(UUID orderId, PaymentStatus status, BigDecimal amount, int attempts, String chargeId,
		String reason, Instant createdAt, Instant updatedAt) {

	static PaymentResponse of(Payment payment) {
		return new PaymentResponse(payment.getOrderId(), payment.getStatus(), payment.getAmount(),
				payment.getAttempts(), payment.getChargeId(), payment.getReason(), payment.getCreatedAt(),
				payment.getUpdatedAt());
	}

}
