package com.example.shop.provider.charge;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One row of the bank's ledger: the decision taken for one idempotency key. The key is
 * unique in the database, so however many times (and however concurrently) a client
 * repeats a request, it gets one decision and is charged at most once.
 */
@Entity
@Table(name = "charge")
class Charge {

	static final String CARD_LIMIT_EXCEEDED = "CARD_LIMIT_EXCEEDED";

	static final String DECLINED_BY_ISSUER = "DECLINED_BY_ISSUER";

	private static final SecureRandom random = new SecureRandom();

	@Id
	private String id;

	@Version
	private Integer version;

	@Column(name = "idempotency_key", nullable = false, updatable = false)
	private String idempotencyKey;

	@Column(nullable = false, updatable = false)
	private String reference;

	@Column(name = "customer_id", nullable = false, updatable = false)
	private String customerId;

	@Column(nullable = false, updatable = false)
	private BigDecimal amount;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, updatable = false)
	private ChargeStatus status;

	@Column(updatable = false)
	private String reason;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	protected Charge() {
	}

	private Charge(String idempotencyKey, String reference, String customerId, BigDecimal amount, ChargeStatus status,
			String reason) {
		this.id = "ch_" + HexFormat.of().formatHex(nextBytes());
		this.idempotencyKey = idempotencyKey;
		this.reference = reference;
		this.customerId = customerId;
		this.amount = amount.setScale(2, RoundingMode.UNNECESSARY);
		this.status = status;
		this.reason = reason;
		// The database keeps microseconds: a replay must return the very same instant.
		this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * Decides a charge: approved up to the card limit (inclusive), declined above it.
	 */
	static Charge decide(String idempotencyKey, String reference, String customerId, BigDecimal amount,
			BigDecimal cardLimit) {
		return decide(idempotencyKey, reference, customerId, amount, cardLimit, false);
	}

	/**
	 * Decides a charge as {@link #decide(String, String, String, BigDecimal, BigDecimal)}
	 * does, except that an approvable charge is declined with {@code DECLINED_BY_ISSUER}
	 * when {@code issuerDeclines} (the decline-rate fault).
	 */
	static Charge decide(String idempotencyKey, String reference, String customerId, BigDecimal amount,
			BigDecimal cardLimit, boolean issuerDeclines) {
		if (amount.compareTo(cardLimit) > 0) {
			return new Charge(idempotencyKey, reference, customerId, amount, ChargeStatus.DECLINED,
					CARD_LIMIT_EXCEEDED);
		}
		if (issuerDeclines) {
			return new Charge(idempotencyKey, reference, customerId, amount, ChargeStatus.DECLINED, DECLINED_BY_ISSUER);
		}
		return new Charge(idempotencyKey, reference, customerId, amount, ChargeStatus.APPROVED, null);
	}

	/**
	 * Whether a request repeats the one this charge decided. A client may send the same
	 * amount with a different scale ({@code 25} and {@code 25.00}).
	 */
	boolean isSameRequest(String reference, String customerId, BigDecimal amount) {
		return this.reference.equals(reference) && this.customerId.equals(customerId)
				&& this.amount.compareTo(amount) == 0;
	}

	private static byte[] nextBytes() {
		byte[] bytes = new byte[12];
		random.nextBytes(bytes);
		return bytes;
	}

	String getId() {
		return this.id;
	}

	String getIdempotencyKey() {
		return this.idempotencyKey;
	}

	String getReference() {
		return this.reference;
	}

	String getCustomerId() {
		return this.customerId;
	}

	BigDecimal getAmount() {
		return this.amount;
	}

	ChargeStatus getStatus() {
		return this.status;
	}

	String getReason() {
		return this.reason;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

}
