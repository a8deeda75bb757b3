package com.example.shop.payments.payment;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Charges the pending payments that are due again: after a transient failure's backoff,
 * or after an attempt whose worker died. This is why a provider outage only delays
 * payments: they complete by themselves once it answers again.
 */
@Component
class PaymentRetrier {

	private final PaymentRepository payments;

	private final ChargeAttempts attempts;

	private final RetryProperties retry;

	PaymentRetrier(PaymentRepository payments, ChargeAttempts attempts, RetryProperties retry) {
		this.payments = payments;
		this.attempts = attempts;
		this.retry = retry;
	}

	@Scheduled(fixedDelayString = "${shop.payments.retry.poll-interval:500ms}")
	void chargeDuePayments() {
		for (UUID orderId : this.payments.findDue(Instant.now(), Limit.of(this.retry.batchSize()))) {
			if (!this.attempts.start(orderId)) {
				return;
			}
		}
	}

}
