package com.example.shop.orders.payment;

import com.example.shop.messaging.PaymentCompleted;
import com.example.shop.messaging.PaymentDeclined;
import com.example.shop.messaging.Topics;
import com.example.shop.orders.order.OrderSaga;

import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** payment-service's answers to {@code PaymentRequested}, handed to the saga. */
@Component
@KafkaListener(topics = Topics.PAYMENTS)
class PaymentListener {

	private final OrderSaga saga;

	PaymentListener(OrderSaga saga) {
		this.saga = saga;
	}

	@KafkaHandler
	void on(PaymentCompleted event) {
		this.saga.paymentCompleted(event);
	}

	@KafkaHandler
	void on(PaymentDeclined event) {
		this.saga.paymentDeclined(event);
	}

}
