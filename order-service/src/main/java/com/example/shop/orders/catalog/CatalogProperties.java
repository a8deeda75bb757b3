package com.example.shop.orders.catalog;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where catalog-service answers and how long a price may take: one attempt costs at most
 * {@code connectTimeout} + {@code readTimeout}, never a hang. {@code priceCache} bounds
 * the last-known prices used while catalog is down.
 */
@Validated
@ConfigurationProperties("shop.catalog")
record CatalogProperties(@NotNull URI baseUrl, @NotNull @DefaultValue("1s") Duration connectTimeout,
		@NotNull @DefaultValue("2s") Duration readTimeout, @Valid @NotNull @DefaultValue PriceCache priceCache) {

	/**
	 * At most {@code maxSize} products, each price forgotten {@code ttl} after it was
	 * read.
	 */
	record PriceCache(@Positive @DefaultValue("10000") long maxSize, @NotNull @DefaultValue("1h") Duration ttl) {
	}

}
