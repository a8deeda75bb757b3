package com.example.shop.provider.charge;

import java.math.BigDecimal;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChargeTests {

	private static final BigDecimal LIMIT = new BigDecimal("1000.00");

	@Nested
	class Decide {

		@Test
		void approvesAnAmountWithinTheCardLimit() {
			Charge charge = Charge.decide("key-1", "order-1", "c-42", new BigDecimal("25.00"), LIMIT);

			assertThat(charge.getStatus()).isEqualTo(ChargeStatus.APPROVED);
			assertThat(charge.getReason()).isNull();
			assertThat(charge.getId()).startsWith("ch_");
			assertThat(charge.getIdempotencyKey()).isEqualTo("key-1");
			assertThat(charge.getReference()).isEqualTo("order-1");
			assertThat(charge.getCustomerId()).isEqualTo("c-42");
			assertThat(charge.getCreatedAt()).isNotNull();
		}

		@Test
		void approvesAnAmountEqualToTheCardLimit() {
			Charge charge = Charge.decide("key-1", "order-1", "c-42", LIMIT, LIMIT);

			assertThat(charge.getStatus()).isEqualTo(ChargeStatus.APPROVED);
		}

		@Test
		void declinesAnAmountAboveTheCardLimit() {
			Charge charge = Charge.decide("key-1", "order-1", "c-42", new BigDecimal("1000.01"), LIMIT);

			assertThat(charge.getStatus()).isEqualTo(ChargeStatus.DECLINED);
			assertThat(charge.getReason()).isEqualTo("CARD_LIMIT_EXCEEDED");
		}

		@Test
		void declinesAnApprovableAmountWhenTheIssuerDeclines() {
			Charge charge = Charge.decide("key-1", "order-1", "c-42", new BigDecimal("25.00"), LIMIT, true);

			assertThat(charge.getStatus()).isEqualTo(ChargeStatus.DECLINED);
			assertThat(charge.getReason()).isEqualTo("DECLINED_BY_ISSUER");
		}

		@Test
		void namesTheCardLimitWhenBothWouldDecline() {
			Charge charge = Charge.decide("key-1", "order-1", "c-42", new BigDecimal("1000.01"), LIMIT, true);

			assertThat(charge.getReason()).isEqualTo("CARD_LIMIT_EXCEEDED");
		}

		@Test
		void storesTheAmountWithTwoDecimals() {
			Charge charge = Charge.decide("key-1", "order-1", "c-42", new BigDecimal("25"), LIMIT);

			assertThat(charge.getAmount()).isEqualTo(new BigDecimal("25.00"));
		}

		@Test
		void givesEveryChargeItsOwnId() {
			Charge first = Charge.decide("key-1", "order-1", "c-42", BigDecimal.TEN, LIMIT);
			Charge second = Charge.decide("key-2", "order-1", "c-42", BigDecimal.TEN, LIMIT);

			assertThat(first.getId()).isNotEqualTo(second.getId());
		}

	}

	@Nested
	class IsSameRequest {

		private final Charge charge = Charge.decide("key-1", "order-1", "c-42", new BigDecimal("25.00"), LIMIT);

		@Test
		void acceptsTheSameReferenceCustomerAndAmount() {
			assertThat(this.charge.isSameRequest("order-1", "c-42", new BigDecimal("25.00"))).isTrue();
		}

		@Test
		void acceptsTheSameAmountWrittenWithAnotherScale() {
			assertThat(this.charge.isSameRequest("order-1", "c-42", new BigDecimal("25"))).isTrue();
		}

		@Test
		void refusesAnotherAmount() {
			assertThat(this.charge.isSameRequest("order-1", "c-42", new BigDecimal("25.01"))).isFalse();
		}

		@Test
		void refusesAnotherReference() {
			assertThat(this.charge.isSameRequest("order-2", "c-42", new BigDecimal("25.00"))).isFalse();
		}

		@Test
		void refusesAnotherCustomer() {
			assertThat(this.charge.isSameRequest("order-1", "c-43", new BigDecimal("25.00"))).isFalse();
		}

	}

}
