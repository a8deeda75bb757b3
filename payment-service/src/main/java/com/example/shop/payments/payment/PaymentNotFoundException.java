package com.example.shop.payments.payment;

import java.util.UUID;

/** No payment was requested for this order (yet). */
public class PaymentNotFoundException extends RuntimeException {

	PaymentNotFoundException(UUID orderId) {
		super("No payment for order " + orderId);
	}

}
