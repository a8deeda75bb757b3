package com.example.shop.orders.order;

/** Why an order ended {@link OrderStatus#REJECTED}. */
public enum RejectionReason {

	/** Catalog could not reserve every line. */
	OUT_OF_STOCK,

	/** Catalog no longer knows a product of the order. */
	UNKNOWN_PRODUCT,

	/** The payment provider declined the charge; the reserved stock is released. */
	PAYMENT_DECLINED

}
