package com.example.shop.orders.order;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import com.example.shop.orders.catalog.PriceSource;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An order and its place in the saga. Each transition checks where the order stands: a
 * duplicate event finds the work done and returns {@code false}, a contradictory one
 * (confirming a rejected order) is refused. That guard is what makes the saga's consumers
 * idempotent.
 */
@Entity
@Table(name = "orders")
public class Order {

	@Id
	private UUID id;

	private String customerId;

	private String idempotencyKey;

	@Enumerated(EnumType.STRING)
	private OrderStatus status;

	@Enumerated(EnumType.STRING)
	private SagaStep sagaStep;

	@Enumerated(EnumType.STRING)
	private RejectionReason rejectionReason;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "order_line", joinColumns = @JoinColumn(name = "order_id"))
	@OrderColumn(name = "line_no")
	private List<OrderLine> lines = new ArrayList<>();

	private BigDecimal total;

	@Enumerated(EnumType.STRING)
	private PriceSource priceSource;

	private Instant createdAt;

	private Instant updatedAt;

	@Version
	private Long version;

	protected Order() {
	}

	private Order(String customerId, String idempotencyKey, List<OrderLine> lines, PriceSource priceSource) {
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("An order needs at least one line");
		}
		this.id = UUID.randomUUID();
		this.customerId = customerId;
		this.idempotencyKey = idempotencyKey;
		this.status = OrderStatus.PENDING;
		this.sagaStep = SagaStep.AWAITING_STOCK;
		this.lines.addAll(lines);
		this.total = lines.stream()
			.map(OrderLine::amount)
			.reduce(BigDecimal.ZERO, BigDecimal::add)
			.setScale(2, RoundingMode.HALF_UP);
		this.priceSource = priceSource;
		this.createdAt = now();
		this.updatedAt = this.createdAt;
	}

	/**
	 * A new order, waiting for catalog to reserve its stock; {@code priceSource} says
	 * whether its lines were priced by catalog or, while it was down, from its last known
	 * prices.
	 */
	static Order place(String customerId, String idempotencyKey, List<OrderLine> lines, PriceSource priceSource) {
		return new Order(customerId, idempotencyKey, lines, priceSource);
	}

	/**
	 * Catalog holds the stock: the order now waits for its payment. Returns {@code false}
	 * when that was already known.
	 */
	boolean stockReserved() {
		if (this.sagaStep == SagaStep.AWAITING_PAYMENT) {
			return false;
		}
		refuseUnless(this.status == OrderStatus.PENDING, "take a stock reservation");
		this.sagaStep = SagaStep.AWAITING_PAYMENT;
		return touch();
	}

	/**
	 * The payment went through. Returns {@code false} when the order was already
	 * confirmed.
	 */
	boolean confirm() {
		if (this.status == OrderStatus.CONFIRMED) {
			return false;
		}
		refuseUnless(this.status == OrderStatus.PENDING && this.sagaStep == SagaStep.AWAITING_PAYMENT, "confirm");
		this.status = OrderStatus.CONFIRMED;
		return touch();
	}

	/**
	 * Ends the order for {@code reason}. Returns {@code false} when it was already
	 * rejected: the first reason stands.
	 */
	boolean reject(RejectionReason reason) {
		if (this.status == OrderStatus.REJECTED) {
			return false;
		}
		refuseUnless(this.status == OrderStatus.PENDING && this.sagaStep == stepDeciding(reason),
				"be rejected for " + reason);
		this.status = OrderStatus.REJECTED;
		this.rejectionReason = reason;
		return touch();
	}

	// a stock answer cannot end an order whose stock is already held, nor a payment
	// answer one whose stock is not: either would leave stock reserved for nothing
	private static SagaStep stepDeciding(RejectionReason reason) {
		return (reason == RejectionReason.PAYMENT_DECLINED) ? SagaStep.AWAITING_PAYMENT : SagaStep.AWAITING_STOCK;
	}

	private void refuseUnless(boolean allowed, String transition) {
		if (!allowed) {
			throw new IllegalOrderTransitionException(this.id, transition, this.status, this.sagaStep);
		}
	}

	private boolean touch() {
		this.updatedAt = now();
		return true;
	}

	// PostgreSQL keeps microseconds: the answer given now must equal the one read later
	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	public UUID getId() {
		return this.id;
	}

	public String getCustomerId() {
		return this.customerId;
	}

	public String getIdempotencyKey() {
		return this.idempotencyKey;
	}

	public OrderStatus getStatus() {
		return this.status;
	}

	SagaStep getSagaStep() {
		return this.sagaStep;
	}

	public RejectionReason getRejectionReason() {
		return this.rejectionReason;
	}

	public List<OrderLine> getLines() {
		return Collections.unmodifiableList(this.lines);
	}

	public BigDecimal getTotal() {
		return this.total;
	}

	public PriceSource getPriceSource() {
		return this.priceSource;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

}
