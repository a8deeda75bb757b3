package com.example.shop.catalog.stock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import com.example.shop.catalog.product.Product;

/**
 * What the catalog decided for one order: its stock RESERVED (all lines), REJECTED
 * (none), or RESERVED and later RELEASED. One row per order id, so a redelivered order
 * finds its decision instead of reserving twice.
 */
@Entity
@Table(name = "stock_reservation")
class StockReservation {

	enum Status {

		RESERVED, RELEASED, REJECTED

	}

	@Id
	private UUID orderId;

	@Enumerated(EnumType.STRING)
	private Status status;

	@Enumerated(EnumType.STRING)
	private RejectionReason reason;

	@ElementCollection
	@CollectionTable(name = "stock_reservation_line", joinColumns = @JoinColumn(name = "order_id"))
	private List<ReservationLine> lines = new ArrayList<>();

	private Instant createdAt;

	private Instant updatedAt;

	@Version
	private Long version;

	protected StockReservation() {
	}

	private StockReservation(UUID orderId, Status status, RejectionReason reason, List<ReservationLine> lines) {
		this.orderId = orderId;
		this.status = status;
		this.reason = reason;
		this.lines = new ArrayList<>(lines);
		this.createdAt = Instant.now();
		this.updatedAt = this.createdAt;
	}

	/**
	 * Takes the stock of every line from {@code products}, or none of it: the order is
	 * rejected as {@code UNKNOWN_PRODUCT} if a line's product is missing from
	 * {@code products}, as {@code OUT_OF_STOCK} if a line asks for more than is left.
	 * @param products the order's products by id, locked by the caller
	 */
	static StockReservation reserve(UUID orderId, List<ReservationLine> lines, Map<Long, Product> products) {
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("Order " + orderId + " has no lines");
		}
		if (!lines.stream().allMatch((line) -> products.containsKey(line.productId()))) {
			return new StockReservation(orderId, Status.REJECTED, RejectionReason.UNKNOWN_PRODUCT, lines);
		}
		if (!lines.stream().allMatch((line) -> products.get(line.productId()).canSupply(line.quantity()))) {
			return new StockReservation(orderId, Status.REJECTED, RejectionReason.OUT_OF_STOCK, lines);
		}
		lines.forEach((line) -> products.get(line.productId()).reserve(line.quantity()));
		return new StockReservation(orderId, Status.RESERVED, null, lines);
	}

	/** Whether this order holds stock that {@link #release} would put back. */
	boolean holdsStock() {
		return this.status == Status.RESERVED;
	}

	/**
	 * Puts the held stock back into {@code products}. Does nothing unless the stock is
	 * held, so releasing twice, or releasing a rejected order, returns nothing twice.
	 * @param products the reservation's products by id, locked by the caller
	 */
	void release(Map<Long, Product> products) {
		if (!holdsStock()) {
			return;
		}
		this.lines.forEach((line) -> products.get(line.productId()).release(line.quantity()));
		this.status = Status.RELEASED;
		this.updatedAt = Instant.now();
	}

	List<Long> productIds() {
		return this.lines.stream().map(ReservationLine::productId).toList();
	}

	UUID getOrderId() {
		return this.orderId;
	}

	Status getStatus() {
		return this.status;
	}

	/** Why the order was rejected; {@code null} unless REJECTED. */
	RejectionReason getReason() {
		return this.reason;
	}

	List<ReservationLine> getLines() {
		return List.copyOf(this.lines);
	}

}
