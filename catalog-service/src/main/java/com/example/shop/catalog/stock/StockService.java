package com.example.shop.catalog.stock;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.example.shop.catalog.product.Product;
import com.example.shop.catalog.product.ProductRepository;
import com.example.shop.messaging.OrderPlaced;
import com.example.shop.messaging.SagaEvent;
import com.example.shop.messaging.StockRejected;
import com.example.shop.messaging.StockReserved;
import com.example.shop.messaging.Topics;
import com.example.shop.messaging.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The catalog's steps of the order saga: reserve an order's stock (all lines or none) and
 * release it when the order is rejected later (the compensation). Both are idempotent,
 * because Kafka may deliver an event more than once.
 * <p>
 * Concurrency: the order's product rows are locked ({@code SELECT ... FOR UPDATE}) in id
 * order before anything is decided, rather than taking each line with a conditional
 * {@code UPDATE ... WHERE stock >= ?}. With the rows locked the whole order is checked
 * before any stock moves, so all-or-nothing needs no undoing of earlier lines and the
 * rejection can be stored in the same transaction; the rule stays in the entities; and
 * because every writer locks in the same order, two orders racing for the last units
 * queue instead of deadlocking. The second one sees the first one's stock and is
 * rejected. The {@code stock >= 0} check in the schema is the last line of defence.
 */
@Service
class StockService {

	private static final Logger log = LoggerFactory.getLogger(StockService.class);

	private final StockReservationRepository reservations;

	private final ProductRepository products;

	private final Outbox outbox;

	StockService(StockReservationRepository reservations, ProductRepository products, Outbox outbox) {
		this.reservations = reservations;
		this.products = products;
		this.outbox = outbox;
	}

	/**
	 * Reserves every line of the order or none, and writes {@code StockReserved} or
	 * {@code StockRejected} to the outbox in the same transaction. An order seen before
	 * changes nothing: its outcome was written with its reservation. (Two deliveries
	 * racing both insert the same order id; the loser rolls back and, redelivered, finds
	 * the winner's row.)
	 */
	@Transactional
	void reserve(OrderPlaced order) {
		if (this.reservations.existsById(order.orderId())) {
			log.info("Order {} was seen before, ignoring the redelivery", order.orderId());
			return;
		}
		List<ReservationLine> lines = linesOf(order);
		Map<Long, Product> locked = lock(lines.stream().map(ReservationLine::productId).toList());
		StockReservation reservation = this.reservations.save(StockReservation.reserve(order.orderId(), lines, locked));
		log.info("Order {}: stock {}{}", order.orderId(), reservation.getStatus(),
				(reservation.getReason() != null) ? " (" + reservation.getReason() + ")" : "");
		this.outbox.append(Topics.STOCK, outcomeOf(reservation));
	}

	/**
	 * Puts back the stock the order holds. Emits nothing: the order is already rejected.
	 * Releasing an order that holds nothing (released before, rejected, or unknown) does
	 * nothing. Two releases racing for one order cannot both put stock back: the
	 * reservation's version lets only one commit.
	 */
	@Transactional
	void release(UUID orderId) {
		this.reservations.findById(orderId).filter(StockReservation::holdsStock).ifPresentOrElse((reservation) -> {
			reservation.release(lock(reservation.productIds()));
			log.info("Order {}: stock RELEASED", orderId);
		}, () -> log.info("Order {} holds no stock, nothing to release", orderId));
	}

	/**
	 * The order's lines, one per product (quantities of repeated products added up). A
	 * sum beyond {@code int} is refused, not wrapped round to a small quantity.
	 */
	private static List<ReservationLine> linesOf(OrderPlaced order) {
		Map<Long, Integer> quantities = order.lines()
			.stream()
			.collect(Collectors.groupingBy(OrderPlaced.Line::productId, TreeMap::new,
					Collectors.reducing(0, OrderPlaced.Line::quantity, Math::addExact)));
		return quantities.entrySet()
			.stream()
			.map((entry) -> new ReservationLine(entry.getKey(), entry.getValue()))
			.toList();
	}

	private Map<Long, Product> lock(Collection<Long> productIds) {
		return this.products.lockAllById(productIds)
			.stream()
			.collect(Collectors.toMap(Product::getId, Function.identity()));
	}

	private static SagaEvent outcomeOf(StockReservation reservation) {
		return switch (reservation.getStatus()) {
			case RESERVED -> StockReserved.of(reservation.getOrderId());
			case REJECTED -> StockRejected.of(reservation.getOrderId(), reservation.getReason().name());
			case RELEASED -> throw new IllegalStateException("A new reservation is never RELEASED");
		};
	}

}
