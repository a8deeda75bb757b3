package com.example.shop.catalog.product;

import java.math.BigDecimal;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProductTests {

	private final Product product = Product.of(19, "Signed first edition", "Only a few exist.",
			new BigDecimal("280.00"), 3);

	@Nested
	class Reserve {

		@Test
		void takesTheUnitsFromStock() {
			ProductTests.this.product.reserve(2);

			assertThat(ProductTests.this.product.getStock()).isEqualTo(1);
		}

		@Test
		void takesTheLastUnits() {
			ProductTests.this.product.reserve(3);

			assertThat(ProductTests.this.product.getStock()).isZero();
		}

		@Test
		void refusesToTakeMoreThanIsLeft() {
			assertThatExceptionOfType(InsufficientStockException.class)
				.isThrownBy(() -> ProductTests.this.product.reserve(4));
			assertThat(ProductTests.this.product.getStock()).isEqualTo(3);
		}

		@Test
		void refusesANonPositiveQuantity() {
			assertThatIllegalArgumentException().isThrownBy(() -> ProductTests.this.product.reserve(0));
			assertThatIllegalArgumentException().isThrownBy(() -> ProductTests.this.product.reserve(-1));
			assertThat(ProductTests.this.product.getStock()).isEqualTo(3);
		}

		@Test
		void tellsWhetherItCanSupplyAQuantity() {
			assertThat(ProductTests.this.product.canSupply(3)).isTrue();
			assertThat(ProductTests.this.product.canSupply(4)).isFalse();
		}

	}

	@Nested
	class Release {

		@Test
		void putsTheUnitsBack() {
			ProductTests.this.product.reserve(3);

			ProductTests.this.product.release(2);

			assertThat(ProductTests.this.product.getStock()).isEqualTo(2);
		}

		@Test
		void refusesANonPositiveQuantity() {
			assertThatIllegalArgumentException().isThrownBy(() -> ProductTests.this.product.release(0));
			assertThat(ProductTests.this.product.getStock()).isEqualTo(3);
		}

	}

	@Test
	void cannotBeCreatedWithNegativeStock() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Product.of(1, "Mug", "A mug.", new BigDecimal("12.50"), -1));
	}

}
