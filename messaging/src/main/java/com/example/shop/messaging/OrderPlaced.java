package com.example.shop.messaging;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order was accepted and waits for stock. Catalog reserves its lines, all or nothing.
 */
public record OrderPlaced(UUID eventId, Instant occurredAt, UUID orderId, String customerId, List<Line> lines,
		BigDecimal total) implements SagaEvent {

	public record Line(long productId, int quantity) {
	}

	public static OrderPlaced of(UUID orderId, String customerId, List<Line> lines, BigDecimal total) {
		return new OrderPlaced(UUID.randomUUID(), Instant.now(), orderId, customerId, List.copyOf(lines), total);
	}

}
