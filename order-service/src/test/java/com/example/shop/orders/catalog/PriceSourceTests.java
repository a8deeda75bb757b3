package com.example.shop.orders.catalog;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PriceSourceTests {

	@Test
	void isCatalogWhenCatalogPricedEveryLine() {
		assertThat(PriceSource.of(List.of(price(1, PriceSource.CATALOG), price(2, PriceSource.CATALOG))))
			.isEqualTo(PriceSource.CATALOG);
	}

	@Test
	void isCacheWhenAnyLineCameFromTheCache() {
		assertThat(PriceSource.of(List.of(price(1, PriceSource.CATALOG), price(2, PriceSource.CACHE))))
			.isEqualTo(PriceSource.CACHE);
	}

	private static Price price(long productId, PriceSource source) {
		return new Price(productId, BigDecimal.TEN, source);
	}

}
