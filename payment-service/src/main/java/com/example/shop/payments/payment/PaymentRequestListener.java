package com.example.shop.payments.payment;

import com.example.shop.messaging.PaymentRequested;
import com.example.shop.messaging.Topics;

import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The saga asks for a payment once the order's stock is held. */
@Component
@KafkaListener(topics = Topics.PAYMENT_REQUESTS)
class PaymentRequestListener {

	private final PaymentService payments;

	PaymentRequestListener(PaymentService payments) {
		this.payments = payments;
	}

	@KafkaHandler
	void on(PaymentRequested event) {
		this.payments.request(event);
	}

}
