package com.example.shop.payments.payment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.springframework.lang.Nullable;

/**
 * The payment of one order. It stays PENDING, however many attempts fail for a transient
 * reason, until the provider decides: COMPLETED or DECLINED, once. Every transition
 * guards its precondition, so a late or repeated outcome changes nothing.
 */
@Entity
@Table(name = "payment")
public class Payment {

	private static final int TRACE_PARENT_LENGTH = 128;

	@Id
	@Column(name = "order_id")
	private UUID orderId;

	@Version
	private Long version;

	@Column(name = "customer_id", nullable = false, updatable = false)
	private String customerId;

	@Column(nullable = false, updatable = false)
	private BigDecimal amount;

	@Column(name = "idempotency_key", nullable = false, updatable = false)
	private String idempotencyKey;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private PaymentStatus status;

	@Column(nullable = false)
	private int attempts;

	@Column(name = "charge_id")
	private String chargeId;

	private String reason;

	@Column(name = "next_attempt_at")
	private Instant nextAttemptAt;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Column(name = "trace_parent", updatable = false)
	private String traceParent;

	protected Payment() {
	}

	private Payment(UUID orderId, String customerId, BigDecimal amount, String idempotencyKey, String traceParent,
			Instant now) {
		this.orderId = orderId;
		this.customerId = customerId;
		this.amount = amount;
		this.idempotencyKey = idempotencyKey;
		this.status = PaymentStatus.PENDING;
		this.nextAttemptAt = now;
		this.createdAt = now;
		this.updatedAt = now;
		this.traceParent = traceParent;
	}

	/**
	 * A payment the saga asked for, due for its first attempt right away. A request this
	 * table cannot hold (a part missing, a customer id longer than 64 characters, an
	 * amount that is not positive or has more than two decimals) is refused here: the
	 * database would refuse it too, and its error would pass for a concurrent delivery of
	 * the same request and drop it silently instead of dead-lettering it. Every attempt
	 * runs in the trace the payment was requested in ({@code traceParent}, W3C); one
	 * longer than its column is dropped: a trace is no reason to refuse a payment.
	 */
	static Payment request(UUID orderId, String customerId, BigDecimal amount, String idempotencyKey,
			@Nullable String traceParent, Instant now) {
		if (orderId == null || customerId == null || customerId.isEmpty() || customerId.length() > 64
				|| idempotencyKey == null || idempotencyKey.isEmpty() || idempotencyKey.length() > 255 || amount == null
				|| amount.signum() <= 0 || amount.stripTrailingZeros().scale() > 2
				|| amount.precision() - amount.scale() > 10) {
			throw new IllegalArgumentException("Not a payment request: order " + orderId + ", customer " + customerId
					+ ", amount " + amount + ", key " + idempotencyKey);
		}
		return new Payment(orderId, customerId, amount, idempotencyKey,
				(traceParent != null && traceParent.length() <= TRACE_PARENT_LENGTH) ? traceParent : null, now);
	}

	/**
	 * Starts an attempt if the payment is pending and due: counts it and holds the
	 * payment for {@code timeout}, so no other worker charges it meanwhile. Should the
	 * worker die, the payment is due again when the hold ends.
	 * @return whether the caller may now call the provider
	 */
	boolean startAttempt(Instant now, Duration timeout) {
		if (!isDue(now)) {
			return false;
		}
		this.attempts++;
		this.nextAttemptAt = now.plus(timeout);
		this.updatedAt = now;
		return true;
	}

	/** The provider gave no decision: try again at {@code next}. */
	boolean retryAt(Instant next, Instant now) {
		if (this.status != PaymentStatus.PENDING) {
			return false;
		}
		this.nextAttemptAt = next;
		this.updatedAt = now;
		return true;
	}

	/**
	 * Records the provider's approval.
	 * @return whether the payment completed now (false if it was already decided)
	 */
	boolean complete(String chargeId, Instant now) {
		if (this.status != PaymentStatus.PENDING) {
			return false;
		}
		this.status = PaymentStatus.COMPLETED;
		this.chargeId = chargeId;
		this.nextAttemptAt = null;
		this.updatedAt = now;
		return true;
	}

	/**
	 * Records the provider's refusal.
	 * @return whether the payment was declined now (false if it was already decided)
	 */
	boolean decline(String reason, Instant now) {
		if (this.status != PaymentStatus.PENDING) {
			return false;
		}
		this.status = PaymentStatus.DECLINED;
		this.reason = reason;
		this.nextAttemptAt = null;
		this.updatedAt = now;
		return true;
	}

	boolean isDue(Instant now) {
		return this.status == PaymentStatus.PENDING && !this.nextAttemptAt.isAfter(now);
	}

	public UUID getOrderId() {
		return this.orderId;
	}

	public String getCustomerId() {
		return this.customerId;
	}

	public BigDecimal getAmount() {
		return this.amount;
	}

	public String getIdempotencyKey() {
		return this.idempotencyKey;
	}

	public PaymentStatus getStatus() {
		return this.status;
	}

	public int getAttempts() {
		return this.attempts;
	}

	public String getChargeId() {
		return this.chargeId;
	}

	public String getReason() {
		return this.reason;
	}

	public Instant getNextAttemptAt() {
		return this.nextAttemptAt;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	@Nullable
	public String getTraceParent() {
		return this.traceParent;
	}

}
