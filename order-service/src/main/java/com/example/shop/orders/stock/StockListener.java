package com.example.shop.orders.stock;

import com.example.shop.messaging.StockRejected;
import com.example.shop.messaging.StockReserved;
import com.example.shop.messaging.Topics;
import com.example.shop.orders.order.OrderSaga;

import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Catalog's answers to {@code OrderPlaced}, handed to the saga. */
@Component
@KafkaListener(topics = Topics.STOCK)
class StockListener {

	private final OrderSaga saga;

	StockListener(OrderSaga saga) {
		this.saga = saga;
	}

	@KafkaHandler
	void on(StockReserved event) {
		this.saga.stockReserved(event);
	}

	@KafkaHandler
	void on(StockRejected event) {
		this.saga.stockRejected(event);
	}

}
