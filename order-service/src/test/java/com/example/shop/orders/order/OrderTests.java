package com.example.shop.orders.order;

import java.math.BigDecimal;
import java.util.List;

import com.example.shop.orders.catalog.PriceSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OrderTests {

	@Nested
	class Place {

		@Test
		void startsPendingAndAwaitingStock() {
			Order order = pendingOrder();

			assertThat(order.getId()).isNotNull();
			assertThat(order.getStatus()).isEqualTo(OrderStatus.PENDING);
			assertThat(order.getSagaStep()).isEqualTo(SagaStep.AWAITING_STOCK);
			assertThat(order.getRejectionReason()).isNull();
			assertThat(order.getCustomerId()).isEqualTo("c-42");
			assertThat(order.getIdempotencyKey()).isEqualTo("key-1");
			assertThat(order.getCreatedAt()).isEqualTo(order.getUpdatedAt());
			assertThat(order.getPriceSource()).isEqualTo(PriceSource.CATALOG);
		}

		@Test
		void remembersThatItWasPricedFromTheCache() {
			Order order = Order.place("c-42", "key-1", List.of(new OrderLine(1, 1, BigDecimal.ONE)), PriceSource.CACHE);

			assertThat(order.getPriceSource()).isEqualTo(PriceSource.CACHE);
		}

		@Test
		void totalsItsLinesToTheCent() {
			Order order = Order.place("c-42", "key-1",
					List.of(new OrderLine(1, 2, new BigDecimal("12.5")), new OrderLine(2, 3, new BigDecimal("0.99"))),
					PriceSource.CATALOG);

			assertThat(order.getTotal()).isEqualTo(new BigDecimal("27.97"));
			assertThat(order.getLines()).extracting(OrderLine::getUnitPrice)
				.containsExactly(new BigDecimal("12.50"), new BigDecimal("0.99"));
		}

		@Test
		void refusesAnOrderWithoutLines() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> Order.place("c-42", "key-1", List.of(), PriceSource.CATALOG));
		}

		@Test
		void refusesALineWithoutQuantity() {
			assertThatIllegalArgumentException().isThrownBy(() -> new OrderLine(1, 0, BigDecimal.TEN));
		}

	}

	@Nested
	class StockReserved {

		@Test
		void makesAPendingOrderAwaitPayment() {
			Order order = pendingOrder();

			assertThat(order.stockReserved()).isTrue();
			assertThat(order.getStatus()).isEqualTo(OrderStatus.PENDING);
			assertThat(order.getSagaStep()).isEqualTo(SagaStep.AWAITING_PAYMENT);
		}

		@Test
		void ignoresADuplicate() {
			Order order = awaitingPayment();

			assertThat(order.stockReserved()).isFalse();
			assertThat(order.getSagaStep()).isEqualTo(SagaStep.AWAITING_PAYMENT);
		}

		@Test
		void ignoresALateDuplicateOnAConfirmedOrder() {
			Order order = confirmed();

			assertThat(order.stockReserved()).isFalse();
			assertThat(order.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
		}

		@Test
		void ignoresALateDuplicateOnAnOrderWhosePaymentWasDeclined() {
			Order order = awaitingPayment();
			order.reject(RejectionReason.PAYMENT_DECLINED);

			assertThat(order.stockReserved()).isFalse();
			assertThat(order.getStatus()).isEqualTo(OrderStatus.REJECTED);
		}

		@Test
		void refusesAnOrderRejectedForItsStock() {
			Order order = pendingOrder();
			order.reject(RejectionReason.OUT_OF_STOCK);

			assertThatExceptionOfType(IllegalOrderTransitionException.class).isThrownBy(order::stockReserved);
			assertThat(order.getSagaStep()).isEqualTo(SagaStep.AWAITING_STOCK);
		}

	}

	@Nested
	class Confirm {

		@Test
		void confirmsAnOrderAwaitingPayment() {
			Order order = awaitingPayment();

			assertThat(order.confirm()).isTrue();
			assertThat(order.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
			assertThat(order.getUpdatedAt()).isAfterOrEqualTo(order.getCreatedAt());
		}

		@Test
		void ignoresADuplicate() {
			Order order = confirmed();

			assertThat(order.confirm()).isFalse();
			assertThat(order.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
		}

		@Test
		void refusesAnOrderStillAwaitingStock() {
			Order order = pendingOrder();

			assertThatExceptionOfType(IllegalOrderTransitionException.class).isThrownBy(order::confirm);
			assertThat(order.getStatus()).isEqualTo(OrderStatus.PENDING);
		}

		@Test
		void refusesARejectedOrder() {
			Order order = awaitingPayment();
			order.reject(RejectionReason.PAYMENT_DECLINED);

			assertThatExceptionOfType(IllegalOrderTransitionException.class).isThrownBy(order::confirm)
				.withMessageContaining(order.getId().toString());
			assertThat(order.getStatus()).isEqualTo(OrderStatus.REJECTED);
		}

	}

	@Nested
	class Reject {

		@Test
		void rejectsAnOrderAwaitingStockForItsStock() {
			Order order = pendingOrder();

			assertThat(order.reject(RejectionReason.OUT_OF_STOCK)).isTrue();
			assertThat(order.getStatus()).isEqualTo(OrderStatus.REJECTED);
			assertThat(order.getRejectionReason()).isEqualTo(RejectionReason.OUT_OF_STOCK);
		}

		@Test
		void rejectsAnOrderAwaitingPaymentForADeclinedPayment() {
			Order order = awaitingPayment();

			assertThat(order.reject(RejectionReason.PAYMENT_DECLINED)).isTrue();
			assertThat(order.getStatus()).isEqualTo(OrderStatus.REJECTED);
			assertThat(order.getRejectionReason()).isEqualTo(RejectionReason.PAYMENT_DECLINED);
		}

		@Test
		void ignoresADuplicateAndKeepsTheFirstReason() {
			Order order = pendingOrder();
			order.reject(RejectionReason.UNKNOWN_PRODUCT);

			assertThat(order.reject(RejectionReason.UNKNOWN_PRODUCT)).isFalse();
			assertThat(order.reject(RejectionReason.OUT_OF_STOCK)).isFalse();
			assertThat(order.getRejectionReason()).isEqualTo(RejectionReason.UNKNOWN_PRODUCT);
		}

		@Test
		void refusesAConfirmedOrder() {
			Order order = confirmed();

			assertThatExceptionOfType(IllegalOrderTransitionException.class)
				.isThrownBy(() -> order.reject(RejectionReason.PAYMENT_DECLINED));
			assertThat(order.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
			assertThat(order.getRejectionReason()).isNull();
		}

		@Test
		void refusesAStockRejectionOnceStockIsHeld() {
			Order order = awaitingPayment();

			assertThatExceptionOfType(IllegalOrderTransitionException.class)
				.isThrownBy(() -> order.reject(RejectionReason.OUT_OF_STOCK));
			assertThat(order.getStatus()).isEqualTo(OrderStatus.PENDING);
		}

		@Test
		void refusesAPaymentDeclineBeforeStockIsHeld() {
			Order order = pendingOrder();

			assertThatExceptionOfType(IllegalOrderTransitionException.class)
				.isThrownBy(() -> order.reject(RejectionReason.PAYMENT_DECLINED));
			assertThat(order.getStatus()).isEqualTo(OrderStatus.PENDING);
		}

	}

	private static Order pendingOrder() {
		return Order.place("c-42", "key-1", List.of(new OrderLine(1, 2, new BigDecimal("12.50"))), PriceSource.CATALOG);
	}

	private static Order awaitingPayment() {
		Order order = pendingOrder();
		order.stockReserved();
		return order;
	}

	private static Order confirmed() {
		Order order = awaitingPayment();
		order.confirm();
		return order;
	}

}
