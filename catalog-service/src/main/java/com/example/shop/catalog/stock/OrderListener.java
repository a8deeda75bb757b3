package com.example.shop.catalog.stock;

import com.example.shop.messaging.OrderPlaced;
import com.example.shop.messaging.OrderRejected;
import com.example.shop.messaging.Topics;

import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The order-service's events for the catalog. A failure is retried, then the message goes
 * to the dead-letter topic (the messaging module's error handler).
 */
@Component
@KafkaListener(topics = Topics.ORDERS)
class OrderListener {

	private final StockService stock;

	OrderListener(StockService stock) {
		this.stock = stock;
	}

	@KafkaHandler
	void on(OrderPlaced order) {
		this.stock.reserve(order);
	}

	@KafkaHandler
	void on(OrderRejected rejection) {
		this.stock.release(rejection.orderId());
	}

}
