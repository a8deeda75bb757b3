package com.example.shop.orders.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@code shop.orders} ({@code shop_orders_total{status,reason}}): each order counted once
 * as it is stored ({@code PENDING}) and once as it ends ({@code CONFIRMED} or
 * {@code REJECTED} with its reason; {@code none} otherwise, since a Prometheus meter name
 * needs the same tags throughout). Only real transitions count: a replayed key or a
 * duplicate event changes nothing and counts nothing.
 * <p>
 * Counted after the transaction commits, not inside it: a transaction that rolls back (a
 * lost optimistic-lock race, the database gone at commit) would otherwise count a
 * transition that never happened, and its redelivered event would count it again.
 */
@Component
class OrderMetrics {

	static final String ORDERS = "shop.orders";

	static final String NO_REASON = "none";

	private final MeterRegistry meters;

	OrderMetrics(MeterRegistry meters) {
		this.meters = meters;
		// Every series at 0 from the start, so rates over them are defined at once.
		counter(OrderStatus.PENDING, null);
		counter(OrderStatus.CONFIRMED, null);
		for (RejectionReason reason : RejectionReason.values()) {
			counter(OrderStatus.REJECTED, reason);
		}
	}

	/** Counts an order that moved to {@code status}, once its transaction commits. */
	void moved(OrderStatus status, RejectionReason reason) {
		Counter counter = counter(status, reason);
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			counter.increment();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				counter.increment();
			}
		});
	}

	private Counter counter(OrderStatus status, RejectionReason reason) {
		return Counter.builder(ORDERS)
			.description("Orders that reached a status")
			.tag("status", status.name())
			.tag("reason", (reason != null) ? reason.name() : NO_REASON)
			.register(this.meters);
	}

}
