package com.example.shop.orders.order.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.example.shop.orders.catalog.PriceSource;
import com.example.shop.orders.order.Order;
import com.example.shop.orders.order.OrderLine;
import com.example.shop.orders.order.OrderStatus;
import com.example.shop.orders.order.RejectionReason;

/**
 * An order as clients read it; {@code reason} is set only when the order was rejected;
 * {@code priceSource} is {@code CACHE} when catalog was down and the order was priced at
 * its last known prices.
 */
public record OrderResponse(UUID orderId, OrderStatus status, RejectionReason reason, String customerId,
		List<Item> items, BigDecimal total, PriceSource priceSource, Instant createdAt, Instant updatedAt) {

	public record Item(long productId, int quantity, BigDecimal unitPrice) {

		static Item of(OrderLine line) {
			return new Item(line.getProductId(), line.getQuantity(), line.getUnitPrice());
		}

	}

	public static OrderResponse of(Order order) {
		return new OrderResponse(order.getId(), order.getStatus(), order.getRejectionReason(), order.getCustomerId(),
				order.getLines().stream().map(Item::of).toList(), order.getTotal(), order.getPriceSource(),
				order.getCreatedAt(), order.getUpdatedAt());
	}

}
