package com.example.shop.orders.idempotency;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code idempotency_key} table, the arbiter between concurrent requests with one
 * key, on this instance or another: only the database decides, through its primary key
 * and conditional updates, never memory.
 * <ol>
 * <li>{@link #claim} in its own committed transaction, so a concurrent request sees the
 * key in flight;</li>
 * <li>{@link #complete} in the transaction that stores the work, so the answer exists if
 * and only if the work does;</li>
 * <li>{@link #release} when the work failed, so nothing stays behind and the client may
 * retry with the same key.</li>
 * </ol>
 * A claim in flight for longer than {@code shop.orders.idempotency.in-flight-timeout} was
 * abandoned by an instance that died; the next request takes it over. The claim token
 * makes sure the abandoned request cannot complete or release it after that.
 */
@Component
public class IdempotencyKeys {

	private static final String IN_FLIGHT = "IN_FLIGHT";

	private static final String COMPLETED = "COMPLETED";

	// a claim can vanish between our insert and our read when its owner releases it
	private static final int ATTEMPTS = 3;

	private final JdbcClient jdbc;

	private final IdempotencyProperties properties;

	IdempotencyKeys(JdbcClient jdbc, IdempotencyProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * Claims {@code key} for a request with {@code fingerprint}, or returns the answer an
	 * earlier request under it got.
	 * @throws IdempotencyKeyReusedException when the key belongs to a different request
	 * @throws RequestInFlightException when a request with the key is being worked on
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Claim claim(IdempotencyKey key, RequestFingerprint fingerprint) {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			UUID token = UUID.randomUUID();
			if (insert(key, fingerprint, token)) {
				return new Claim.Granted(key, token);
			}
			Optional<StoredKey> stored = find(key);
			if (stored.isEmpty()) {
				continue;
			}
			StoredKey existing = stored.get();
			if (!existing.requestFingerprint().equals(fingerprint.sha256())) {
				throw new IdempotencyKeyReusedException(key);
			}
			if (COMPLETED.equals(existing.status())) {
				return new Claim.Answered(new IdempotentResponse(existing.responseStatus(), existing.responseBody(),
						existing.orderId(), true));
			}
			if (takeOverAbandoned(key, existing.claimToken(), token)) {
				return new Claim.Granted(key, token);
			}
			throw new RequestInFlightException(key);
		}
		throw new RequestInFlightException(key);
	}

	/**
	 * Stores {@code response} as the key's answer, in the caller's transaction.
	 * @throws RequestInFlightException when the claim was taken over meanwhile; the
	 * caller's transaction must then roll back
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void complete(Claim.Granted claim, IdempotentResponse response) {
		int updated = this.jdbc.sql("""
				UPDATE idempotency_key
				SET status = 'COMPLETED', response_status = :status, response_body = :body, order_id = :orderId,
				    updated_at = now()
				WHERE key = :key AND claim_token = :token AND status = 'IN_FLIGHT'
				""")
			.param("status", response.status())
			.param("body", response.body())
			.param("orderId", response.orderId())
			.param("key", claim.key().value())
			.param("token", claim.token())
			.update();
		if (updated != 1) {
			throw new RequestInFlightException(claim.key());
		}
	}

	/** Gives the key up after the work failed; a no-op if the claim was taken over. */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void release(Claim.Granted claim) {
		this.jdbc.sql("DELETE FROM idempotency_key WHERE key = :key AND claim_token = :token AND status = 'IN_FLIGHT'")
			.param("key", claim.key().value())
			.param("token", claim.token())
			.update();
	}

	private boolean insert(IdempotencyKey key, RequestFingerprint fingerprint, UUID token) {
		return this.jdbc
			.sql("""
					INSERT INTO idempotency_key (key, request_fingerprint, status, claim_token, claimed_at, created_at, updated_at)
					VALUES (:key, :fingerprint, :status, :token, now(), now(), now())
					ON CONFLICT (key) DO NOTHING
					""")
			.param("key", key.value())
			.param("fingerprint", fingerprint.sha256())
			.param("status", IN_FLIGHT)
			.param("token", token)
			.update() == 1;
	}

	private Optional<StoredKey> find(IdempotencyKey key) {
		return this.jdbc.sql("""
				SELECT request_fingerprint, status, claim_token, response_status, response_body, order_id
				FROM idempotency_key WHERE key = :key
				""").param("key", key.value()).query(StoredKey.class).optional();
	}

	// compare-and-set on the token seen: of several requests taking over, one wins
	private boolean takeOverAbandoned(IdempotencyKey key, UUID seenToken, UUID token) {
		return this.jdbc.sql("""
				UPDATE idempotency_key SET claim_token = :token, claimed_at = now(), updated_at = now()
				WHERE key = :key AND claim_token = :seenToken AND status = 'IN_FLIGHT'
				  AND claimed_at < now() - :timeoutMillis * interval '1 millisecond'
				""")
			.param("token", token)
			.param("key", key.value())
			.param("seenToken", seenToken)
			.param("timeoutMillis", this.properties.inFlightTimeout().toMillis())
			.update() == 1;
	}

	record StoredKey(String requestFingerprint, String status, UUID claimToken, Integer responseStatus,
			String responseBody, UUID orderId) {
	}

}
