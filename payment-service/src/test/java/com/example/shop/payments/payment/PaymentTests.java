package com.example.shop.payments.payment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PaymentTests {

	private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

	private static final Duration HOLD = Duration.ofSeconds(10);

	private final Payment payment = Payment.request(UUID.randomUUID(), "c-42", new BigDecimal("25.00"), "key-1", null,
			NOW);

	@Nested
	class Request {

		@ParameterizedTest
		@CsvSource(nullValues = "null",
				value = { "null, 25.00, key-1", "'', 25.00, key-1", "c-42, null, key-1", "c-42, 0, key-1",
						"c-42, -25.00, key-1", "c-42, 25.001, key-1", "c-42, 12345678901.00, key-1",
						"c-42, 25.00, null", "c-42, 25.00, ''" })
		void refusesARequestThePaymentTableCannotHold(String customerId, BigDecimal amount, String key) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> Payment.request(UUID.randomUUID(), customerId, amount, key, null, NOW));
		}

		@Test
		void refusesACustomerIdLongerThanItsColumn() {
			assertThatIllegalArgumentException().isThrownBy(
					() -> Payment.request(UUID.randomUUID(), "c".repeat(65), new BigDecimal("25"), "k", null, NOW));
		}

		@Test
		void takesAWholeAmountAndTheLargestTheTableHolds() {
			assertThat(Payment.request(UUID.randomUUID(), "c", new BigDecimal("25"), "k", null, NOW).getAmount())
				.isEqualByComparingTo("25");
			assertThat(Payment.request(UUID.randomUUID(), "c", new BigDecimal("9999999999.99"), "k", null, NOW)
				.getAmount()).isEqualByComparingTo("9999999999.99");
			assertThat(Payment.request(UUID.randomUUID(), "c", new BigDecimal("25.10"), "k", null, NOW).getAmount())
				.isEqualByComparingTo("25.1");
		}

		@Test
		void keepsTheTraceItWasRequestedInAndDropsOneTooLongToStore() {
			String traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
			assertThat(Payment.request(UUID.randomUUID(), "c", new BigDecimal("25"), "k", traceParent, NOW)
				.getTraceParent()).isEqualTo(traceParent);
			assertThat(Payment.request(UUID.randomUUID(), "c", new BigDecimal("25"), "k", "0".repeat(129), NOW)
				.getTraceParent()).isNull();
			assertThat(PaymentTests.this.payment.getTraceParent()).isNull();
		}

		@Test
		void startsPendingAndDueAtOnce() {
			assertThat(PaymentTests.this.payment.getStatus()).isEqualTo(PaymentStatus.PENDING);
			assertThat(PaymentTests.this.payment.getAttempts()).isZero();
			assertThat(PaymentTests.this.payment.isDue(NOW)).isTrue();
			assertThat(PaymentTests.this.payment.getChargeId()).isNull();
			assertThat(PaymentTests.this.payment.getCreatedAt()).isEqualTo(NOW);
		}

	}

	@Nested
	class StartAttempt {

		@Test
		void countsTheAttemptAndHoldsThePayment() {
			assertThat(PaymentTests.this.payment.startAttempt(NOW, HOLD)).isTrue();

			assertThat(PaymentTests.this.payment.getAttempts()).isOne();
			assertThat(PaymentTests.this.payment.getNextAttemptAt()).isEqualTo(NOW.plus(HOLD));
			assertThat(PaymentTests.this.payment.isDue(NOW.plusSeconds(9))).isFalse();
		}

		@Test
		void refusesWhileAnotherAttemptHoldsThePayment() {
			PaymentTests.this.payment.startAttempt(NOW, HOLD);

			assertThat(PaymentTests.this.payment.startAttempt(NOW.plusSeconds(1), HOLD)).isFalse();
			assertThat(PaymentTests.this.payment.getAttempts()).isOne();
		}

		@Test
		void allowsANewAttemptOnceTheHoldEnds() {
			PaymentTests.this.payment.startAttempt(NOW, HOLD);

			assertThat(PaymentTests.this.payment.startAttempt(NOW.plus(HOLD), HOLD)).isTrue();
			assertThat(PaymentTests.this.payment.getAttempts()).isEqualTo(2);
		}

		@Test
		void refusesADecidedPayment() {
			PaymentTests.this.payment.complete("ch_1", NOW);

			assertThat(PaymentTests.this.payment.startAttempt(NOW.plusSeconds(60), HOLD)).isFalse();
			assertThat(PaymentTests.this.payment.getAttempts()).isZero();
		}

	}

	@Nested
	class RetryAt {

		@Test
		void keepsThePaymentPendingUntilTheNextAttempt() {
			PaymentTests.this.payment.startAttempt(NOW, HOLD);

			assertThat(PaymentTests.this.payment.retryAt(NOW.plusSeconds(2), NOW)).isTrue();

			assertThat(PaymentTests.this.payment.getStatus()).isEqualTo(PaymentStatus.PENDING);
			assertThat(PaymentTests.this.payment.isDue(NOW.plusSeconds(1))).isFalse();
			assertThat(PaymentTests.this.payment.isDue(NOW.plusSeconds(2))).isTrue();
		}

		@Test
		void doesNotReopenADecidedPayment() {
			PaymentTests.this.payment.decline("CARD_LIMIT_EXCEEDED", NOW);

			assertThat(PaymentTests.this.payment.retryAt(NOW.plusSeconds(2), NOW)).isFalse();
			assertThat(PaymentTests.this.payment.getStatus()).isEqualTo(PaymentStatus.DECLINED);
			assertThat(PaymentTests.this.payment.getNextAttemptAt()).isNull();
		}

	}

	@Nested
	class Complete {

		@Test
		void recordsTheChargeAndEndsRetrying() {
			PaymentTests.this.payment.startAttempt(NOW, HOLD);

			assertThat(PaymentTests.this.payment.complete("ch_1", NOW.plusSeconds(1))).isTrue();

			assertThat(PaymentTests.this.payment.getStatus()).isEqualTo(PaymentStatus.COMPLETED);
			assertThat(PaymentTests.this.payment.getChargeId()).isEqualTo("ch_1");
			assertThat(PaymentTests.this.payment.getNextAttemptAt()).isNull();
			assertThat(PaymentTests.this.payment.getUpdatedAt()).isEqualTo(NOW.plusSeconds(1));
		}

		@Test
		void ignoresASecondOutcome() {
			PaymentTests.this.payment.complete("ch_1", NOW);

			assertThat(PaymentTests.this.payment.complete("ch_2", NOW)).isFalse();
			assertThat(PaymentTests.this.payment.decline("CARD_LIMIT_EXCEEDED", NOW)).isFalse();

			assertThat(PaymentTests.this.payment.getStatus()).isEqualTo(PaymentStatus.COMPLETED);
			assertThat(PaymentTests.this.payment.getChargeId()).isEqualTo("ch_1");
			assertThat(PaymentTests.this.payment.getReason()).isNull();
		}

	}

	@Nested
	class Decline {

		@Test
		void recordsTheReason() {
			assertThat(PaymentTests.this.payment.decline("CARD_LIMIT_EXCEEDED", NOW)).isTrue();

			assertThat(PaymentTests.this.payment.getStatus()).isEqualTo(PaymentStatus.DECLINED);
			assertThat(PaymentTests.this.payment.getReason()).isEqualTo("CARD_LIMIT_EXCEEDED");
			assertThat(PaymentTests.this.payment.isDue(NOW.plusSeconds(60))).isFalse();
		}

		@Test
		void ignoresALateApproval() {
			PaymentTests.this.payment.decline("CARD_LIMIT_EXCEEDED", NOW);

			assertThat(PaymentTests.this.payment.complete("ch_1", NOW)).isFalse();
			assertThat(PaymentTests.this.payment.getStatus()).isEqualTo(PaymentStatus.DECLINED);
			assertThat(PaymentTests.this.payment.getChargeId()).isNull();
		}

	}

}
