package com.example.shop.catalog.stock;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.shop.catalog.product.Product;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StockReservationTests {

	private final UUID orderId = UUID.randomUUID();

	private final Product mug = Product.of(1, "Ceramic mug", "A mug.", new BigDecimal("12.50"), 40);

	private final Product firstEdition = Product.of(19, "Signed first edition", "Rare.", new BigDecimal("280.00"), 3);

	private final Map<Long, Product> products = Map.of(1L, this.mug, 19L, this.firstEdition);

	@Nested
	class Reserve {

		@Test
		void takesTheStockOfEveryLine() {
			StockReservation reservation = reserve(line(1, 2), line(19, 3));

			assertThat(reservation.getStatus()).isEqualTo(StockReservation.Status.RESERVED);
			assertThat(reservation.getReason()).isNull();
			assertThat(reservation.holdsStock()).isTrue();
			assertThat(StockReservationTests.this.mug.getStock()).isEqualTo(38);
			assertThat(StockReservationTests.this.firstEdition.getStock()).isZero();
		}

		@Test
		void rejectsTheWholeOrderWhenOneLineAsksForMoreThanIsLeft() {
			StockReservation reservation = reserve(line(1, 2), line(19, 4));

			assertThat(reservation.getStatus()).isEqualTo(StockReservation.Status.REJECTED);
			assertThat(reservation.getReason()).isEqualTo(RejectionReason.OUT_OF_STOCK);
			assertThat(reservation.holdsStock()).isFalse();
			assertThat(StockReservationTests.this.mug.getStock()).isEqualTo(40);
			assertThat(StockReservationTests.this.firstEdition.getStock()).isEqualTo(3);
		}

		@Test
		void rejectsTheWholeOrderWhenOneLineNamesAnUnknownProduct() {
			StockReservation reservation = reserve(line(1, 2), line(999, 1));

			assertThat(reservation.getStatus()).isEqualTo(StockReservation.Status.REJECTED);
			assertThat(reservation.getReason()).isEqualTo(RejectionReason.UNKNOWN_PRODUCT);
			assertThat(StockReservationTests.this.mug.getStock()).isEqualTo(40);
		}

		@Test
		void keepsTheLinesOfARejectedOrder() {
			StockReservation reservation = reserve(line(19, 4));

			assertThat(reservation.getLines()).containsExactly(line(19, 4));
		}

		@Test
		void refusesAnOrderWithoutLines() {
			assertThatIllegalArgumentException().isThrownBy(() -> reserve());
		}

	}

	@Nested
	class Release {

		@Test
		void putsTheHeldStockBack() {
			StockReservation reservation = reserve(line(1, 2), line(19, 3));

			reservation.release(StockReservationTests.this.products);

			assertThat(reservation.getStatus()).isEqualTo(StockReservation.Status.RELEASED);
			assertThat(reservation.holdsStock()).isFalse();
			assertThat(StockReservationTests.this.mug.getStock()).isEqualTo(40);
			assertThat(StockReservationTests.this.firstEdition.getStock()).isEqualTo(3);
		}

		@Test
		void putsTheStockBackOnlyOnceWhenReleasedTwice() {
			StockReservation reservation = reserve(line(1, 2));

			reservation.release(StockReservationTests.this.products);
			reservation.release(StockReservationTests.this.products);

			assertThat(reservation.getStatus()).isEqualTo(StockReservation.Status.RELEASED);
			assertThat(StockReservationTests.this.mug.getStock()).isEqualTo(40);
		}

		@Test
		void putsNothingBackForARejectedOrder() {
			StockReservation reservation = reserve(line(1, 2), line(19, 4));

			reservation.release(StockReservationTests.this.products);

			assertThat(reservation.getStatus()).isEqualTo(StockReservation.Status.REJECTED);
			assertThat(StockReservationTests.this.mug.getStock()).isEqualTo(40);
			assertThat(StockReservationTests.this.firstEdition.getStock()).isEqualTo(3);
		}

	}

	@Test
	void aLineRefusesANonPositiveQuantity() {
		assertThatIllegalArgumentException().isThrownBy(() -> line(1, 0));
	}

	private StockReservation reserve(ReservationLine... lines) {
		return StockReservation.reserve(this.orderId, List.of(lines), this.products);
	}

	private static ReservationLine line(long productId, int quantity) {
		return new ReservationLine(productId, quantity);
	}

}
