package com.example.shop.payments.payment;

/** PENDING until the provider decides; COMPLETED and DECLINED are final. */
public enum PaymentStatus {

	PENDING, COMPLETED, DECLINED

}
