package com.example.shop.orders.order;

import java.util.UUID;

/** No order has this id. */
public class OrderNotFoundException extends RuntimeException {

	private final UUID orderId;

	OrderNotFoundException(UUID orderId) {
		super("Order " + orderId + " does not exist");
		this.orderId = orderId;
	}

	public UUID getOrderId() {
		return this.orderId;
	}

}
