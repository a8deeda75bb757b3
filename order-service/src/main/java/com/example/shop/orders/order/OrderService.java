package com.example.shop.orders.order;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import com.example.shop.messaging.OrderPlaced;
import com.example.shop.messaging.Topics;
import com.example.shop.messaging.outbox.Outbox;
import com.example.shop.orders.catalog.CatalogClient;
import com.example.shop.orders.catalog.Price;
import com.example.shop.orders.catalog.PriceSource;
import com.example.shop.orders.idempotency.Claim;
import com.example.shop.orders.idempotency.IdempotencyKey;
import com.example.shop.orders.idempotency.IdempotencyKeys;
import com.example.shop.orders.idempotency.IdempotentResponse;
import com.example.shop.orders.order.web.OrderResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/** Places orders, once per {@code Idempotency-Key}, and finds them. */
@Service
public class OrderService {

	private static final Logger log = LoggerFactory.getLogger(OrderService.class);

	private final OrderRepository orders;

	private final IdempotencyKeys keys;

	private final CatalogClient catalog;

	private final Outbox outbox;

	private final TransactionOperations transactions;

	private final ObjectMapper json;

	private final OrderMetrics metrics;

	OrderService(OrderRepository orders, IdempotencyKeys keys, CatalogClient catalog, Outbox outbox,
			TransactionOperations transactions, ObjectMapper json, OrderMetrics metrics) {
		this.orders = orders;
		this.keys = keys;
		this.catalog = catalog;
		this.outbox = outbox;
		this.transactions = transactions;
		this.json = json;
		this.metrics = metrics;
	}

	/**
	 * Places the order, or answers as the first request with {@code key} was answered.
	 * Three steps, each with its own transaction boundary:
	 * <ol>
	 * <li>claim the key (committed at once, so a concurrent retry sees it in
	 * flight);</li>
	 * <li>price the items at catalog, in no transaction: a slow catalog holds no
	 * connection (while catalog is down, at its last known prices; the order says
	 * so);</li>
	 * <li>in one transaction: the order, its {@code OrderPlaced} event and the key's
	 * answer.</li>
	 * </ol>
	 * If pricing or storing fails the claim is released: nothing is stored, and the
	 * client may retry with the same key.
	 */
	public IdempotentResponse place(IdempotencyKey key, PlaceOrder request) {
		return switch (this.keys.claim(key, request.fingerprint())) {
			case Claim.Answered(IdempotentResponse earlier) -> earlier;
			case Claim.Granted claim -> place(claim, request);
		};
	}

	@Transactional(readOnly = true)
	public Order find(UUID id) {
		return this.orders.findById(id).orElseThrow(() -> new OrderNotFoundException(id));
	}

	private IdempotentResponse place(Claim.Granted claim, PlaceOrder request) {
		try {
			List<Price> prices = request.items()
				.stream()
				.map((item) -> this.catalog.findPrice(item.productId()))
				.toList();
			List<OrderLine> lines = lines(request.items(), prices);
			return this.transactions
				.execute((status) -> store(claim, request.customerId(), lines, PriceSource.of(prices)));
		}
		catch (RuntimeException ex) {
			release(claim, ex);
			throw ex;
		}
	}

	private static List<OrderLine> lines(List<PlaceOrder.Item> items, List<Price> prices) {
		return IntStream.range(0, items.size())
			.mapToObj((i) -> new OrderLine(items.get(i).productId(), items.get(i).quantity(), prices.get(i).amount()))
			.toList();
	}

	private IdempotentResponse store(Claim.Granted claim, String customerId, List<OrderLine> lines,
			PriceSource priceSource) {
		Order order = this.orders.save(Order.place(customerId, claim.key().value(), lines, priceSource));
		List<OrderPlaced.Line> placed = lines.stream()
			.map((line) -> new OrderPlaced.Line(line.getProductId(), line.getQuantity()))
			.toList();
		this.outbox.append(Topics.ORDERS, OrderPlaced.of(order.getId(), customerId, placed, order.getTotal()));
		IdempotentResponse answer = IdempotentResponse.first(HttpStatus.ACCEPTED.value(), render(order), order.getId());
		this.keys.complete(claim, answer);
		this.metrics.moved(OrderStatus.PENDING, null);
		log.info("Order {} placed: PENDING, {} line(s), total {} ({} prices)", order.getId(), lines.size(),
				order.getTotal(), priceSource);
		return answer;
	}

	// the stored answer is the HTTP answer itself, so a replay is byte for byte the first
	private String render(Order order) {
		try {
			return this.json.writeValueAsString(OrderResponse.of(order));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot render order " + order.getId(), ex);
		}
	}

	private void release(Claim.Granted claim, RuntimeException failure) {
		try {
			this.keys.release(claim);
		}
		catch (RuntimeException ex) {
			// the claim then expires after the in-flight timeout
			failure.addSuppressed(ex);
		}
	}

}
