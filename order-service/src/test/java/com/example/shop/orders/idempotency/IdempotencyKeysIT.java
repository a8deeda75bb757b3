package com.example.shop.orders.idempotency;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.example.shop.orders.TestInfrastructureConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The key table as the arbiter between requests that share a key, on one instance or
 * several: only the database decides.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestInfrastructureConfiguration.class)
// As OrderIT has it: one context, so one set of listeners in the consumer group.
@AutoConfigureObservability
class IdempotencyKeysIT {

	private static final RequestFingerprint FINGERPRINT = RequestFingerprint.of("request");

	@Autowired
	private IdempotencyKeys keys;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void grantsExactlyOneOfManyConcurrentClaims() throws Exception {
		IdempotencyKey key = newKey();
		int requests = 8;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Claim>> claims = new ArrayList<>();
		try (ExecutorService executor = Executors.newFixedThreadPool(requests)) {
			for (int i = 0; i < requests; i++) {
				claims.add(executor.submit(() -> {
					start.await();
					return this.keys.claim(key, FINGERPRINT);
				}));
			}
			start.countDown();
		}

		long granted = claims.stream().filter((claim) -> claim.state() == Future.State.SUCCESS).count();
		assertThat(granted).isOne();
		assertThat(claims).filteredOn((claim) -> claim.state() == Future.State.FAILED)
			.hasSize(requests - 1)
			.allSatisfy((claim) -> assertThat(claim.exceptionNow()).isInstanceOf(RequestInFlightException.class));
	}

	@Test
	void replaysTheCompletedAnswer() {
		IdempotencyKey key = newKey();
		Claim.Granted claim = (Claim.Granted) this.keys.claim(key, FINGERPRINT);
		UUID orderId = UUID.randomUUID();
		this.transactions.executeWithoutResult(
				(status) -> this.keys.complete(claim, IdempotentResponse.first(202, "{\"a\":1}", orderId)));

		assertThat(this.keys.claim(key, FINGERPRINT))
			.isEqualTo(new Claim.Answered(new IdempotentResponse(202, "{\"a\":1}", orderId, true)));
		assertThatExceptionOfType(IdempotencyKeyReusedException.class)
			.isThrownBy(() -> this.keys.claim(key, RequestFingerprint.of("another request")));
	}

	@Test
	void freesAReleasedKeyForTheNextRequest() {
		IdempotencyKey key = newKey();
		Claim.Granted claim = (Claim.Granted) this.keys.claim(key, FINGERPRINT);

		this.keys.release(claim);

		assertThat(this.keys.claim(key, RequestFingerprint.of("a corrected request")))
			.isInstanceOf(Claim.Granted.class);
	}

	@Test
	void takesOverAnAbandonedClaimAndShutsItsFormerOwnerOut() {
		IdempotencyKey key = newKey();
		Claim.Granted abandoned = (Claim.Granted) this.keys.claim(key, FINGERPRINT);
		age(key);

		Claim.Granted takenOver = (Claim.Granted) this.keys.claim(key, FINGERPRINT);

		assertThat(takenOver.token()).isNotEqualTo(abandoned.token());
		assertThatExceptionOfType(RequestInFlightException.class)
			.isThrownBy(() -> this.transactions.executeWithoutResult((status) -> this.keys.complete(abandoned,
					IdempotentResponse.first(202, "{\"late\":true}", UUID.randomUUID()))));
		this.keys.release(abandoned);
		UUID orderId = UUID.randomUUID();
		this.transactions.executeWithoutResult(
				(status) -> this.keys.complete(takenOver, IdempotentResponse.first(202, "{\"new\":true}", orderId)));
		assertThat(this.keys.claim(key, FINGERPRINT))
			.isEqualTo(new Claim.Answered(new IdempotentResponse(202, "{\"new\":true}", orderId, true)));
	}

	@Test
	void refusesToTakeOverAClaimStillInTime() {
		IdempotencyKey key = newKey();
		this.keys.claim(key, FINGERPRINT);

		assertThatExceptionOfType(RequestInFlightException.class).isThrownBy(() -> this.keys.claim(key, FINGERPRINT));
	}

	// as if its instance had died longer ago than the in-flight timeout
	private void age(IdempotencyKey key) {
		this.jdbc.sql("UPDATE idempotency_key SET claimed_at = claimed_at - interval '1 hour' WHERE key = ?")
			.param(key.value())
			.update();
	}

	private static IdempotencyKey newKey() {
		return new IdempotencyKey("keys-it-" + UUID.randomUUID());
	}

}
