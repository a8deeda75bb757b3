package com.example.shop.orders.order;

import java.util.UUID;

import com.example.shop.messaging.OrderRejected;
import com.example.shop.messaging.PaymentCompleted;
import com.example.shop.messaging.PaymentDeclined;
import com.example.shop.messaging.PaymentRequested;
import com.example.shop.messaging.StockRejected;
import com.example.shop.messaging.StockReserved;
import com.example.shop.messaging.Topics;
import com.example.shop.messaging.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The order saga, step by step. Placing the order ({@link OrderService#place}) announced
 * {@code OrderPlaced}; from there:
 * <ol>
 * <li>stock reserved → request the payment;</li>
 * <li>stock rejected → the order is rejected (nothing is held, nothing to undo);</li>
 * <li>payment completed → the order is confirmed;</li>
 * <li>payment declined → the order is rejected and catalog releases its stock
 * (compensation).</li>
 * </ol>
 * Each step changes the order and writes its next event in one transaction. A duplicate
 * event finds the order already moved and writes nothing.
 */
@Service
public class OrderSaga {

	private static final Logger log = LoggerFactory.getLogger(OrderSaga.class);

	private final OrderRepository orders;

	private final Outbox outbox;

	private final OrderMetrics metrics;

	OrderSaga(OrderRepository orders, Outbox outbox, OrderMetrics metrics) {
		this.orders = orders;
		this.outbox = outbox;
		this.metrics = metrics;
	}

	@Transactional
	public void stockReserved(StockReserved event) {
		Order order = find(event.orderId());
		if (order.stockReserved()) {
			this.outbox.append(Topics.PAYMENT_REQUESTS, PaymentRequested.of(order.getId(), order.getCustomerId(),
					order.getTotal(), order.getIdempotencyKey()));
			log.info("Order {}: stock reserved, payment of {} requested", order.getId(), order.getTotal());
		}
	}

	@Transactional
	public void stockRejected(StockRejected event) {
		RejectionReason reason = RejectionReason.valueOf(event.reason());
		if (find(event.orderId()).reject(reason)) {
			rejected(event.orderId(), reason);
		}
	}

	@Transactional
	public void paymentCompleted(PaymentCompleted event) {
		if (find(event.orderId()).confirm()) {
			this.metrics.moved(OrderStatus.CONFIRMED, null);
			log.info("Order {}: paid, CONFIRMED", event.orderId());
		}
	}

	@Transactional
	public void paymentDeclined(PaymentDeclined event) {
		Order order = find(event.orderId());
		if (order.reject(RejectionReason.PAYMENT_DECLINED)) {
			this.outbox.append(Topics.ORDERS, OrderRejected.of(order.getId(), RejectionReason.PAYMENT_DECLINED.name()));
			rejected(order.getId(), RejectionReason.PAYMENT_DECLINED);
		}
	}

	private void rejected(UUID orderId, RejectionReason reason) {
		this.metrics.moved(OrderStatus.REJECTED, reason);
		log.info("Order {}: REJECTED ({})", orderId, reason);
	}

	private Order find(UUID orderId) {
		return this.orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
	}

}
