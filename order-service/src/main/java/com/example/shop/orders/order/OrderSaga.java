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

	private final OrderRepository orders;

	private final Outbox outbox;

	OrderSaga(OrderRepository orders, Outbox outbox) {
		this.orders = orders;
		this.outbox = outbox;
	}

	@Transactional
	public void stockReserved(StockReserved event) {
		Order order = find(event.orderId());
		if (order.stockReserved()) {
			this.outbox.append(Topics.PAYMENT_REQUESTS, PaymentRequested.of(order.getId(), order.getCustomerId(),
					order.getTotal(), order.getIdempotencyKey()));
		}
	}

	@Transactional
	public void stockRejected(StockRejected event) {
		find(event.orderId()).reject(RejectionReason.valueOf(event.reason()));
	}

	@Transactional
	public void paymentCompleted(PaymentCompleted event) {
		find(event.orderId()).confirm();
	}

	@Transactional
	public void paymentDeclined(PaymentDeclined event) {
		Order order = find(event.orderId());
		if (order.reject(RejectionReason.PAYMENT_DECLINED)) {
			this.outbox.append(Topics.ORDERS, OrderRejected.of(order.getId(), RejectionReason.PAYMENT_DECLINED.name()));
		}
	}

	private Order find(UUID orderId) {
		return this.orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
	}

}
