package com.example.shop.orders.order;

/** What a client sees of an order's progress. */
public enum OrderStatus {

	/** Accepted; the saga still waits for stock or payment. */
	PENDING,

	/** Stock is held and the payment went through. Terminal. */
	CONFIRMED,

	/** Stock or payment was refused; see the order's reason. Terminal. */
	REJECTED

}
