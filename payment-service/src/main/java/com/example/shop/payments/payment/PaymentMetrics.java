package com.example.shop.payments.payment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code shop.payments} ({@code shop_payments_total{outcome}}): each payment counted once
 * as it reaches its outcome, {@code COMPLETED} or {@code DECLINED}, after the transaction
 * that recorded it committed. A repeated request or a raced attempt records nothing and
 * counts nothing.
 */
@Component
class PaymentMetrics {

	static final String PAYMENTS = "shop.payments";

	private final Counter completed;

	private final Counter declined;

	PaymentMetrics(MeterRegistry meters) {
		this.completed = counter(meters, PaymentStatus.COMPLETED);
		this.declined = counter(meters, PaymentStatus.DECLINED);
	}

	void completed() {
		this.completed.increment();
	}

	void declined() {
		this.declined.increment();
	}

	private static Counter counter(MeterRegistry meters, PaymentStatus outcome) {
		return Counter.builder(PAYMENTS)
			.description("Payments that reached an outcome")
			.tag("outcome", outcome.name())
			.register(meters);
	}

}
