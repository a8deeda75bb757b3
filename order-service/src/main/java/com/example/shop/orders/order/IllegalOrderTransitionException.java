package com.example.shop.orders.order;

import java.util.UUID;

/**
 * An event asked an order for a move its state forbids, such as confirming a rejected
 * order. Not a duplicate (those are ignored) but a contradiction, so it must not pass
 * silently: the listener fails and the message ends on the dead-letter topic.
 */
public class IllegalOrderTransitionException extends IllegalStateException {

	IllegalOrderTransitionException(UUID orderId, String transition, OrderStatus status, SagaStep step) {
		super("Order %s cannot %s while %s (%s)".formatted(orderId, transition, status, step));
	}

}
