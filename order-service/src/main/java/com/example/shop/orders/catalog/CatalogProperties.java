package com.example.shop.orders.catalog;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where catalog-service answers and how long a price may take: a dead catalog must cost
 * the client at most {@code connectTimeout} + {@code readTimeout}, never a hang.
 */
@Validated
@ConfigurationProperties("shop.catalog")
record CatalogProperties(@NotNull URI baseUrl, @NotNull @DefaultValue("1s") Duration connectTimeout,
		@NotNull @DefaultValue("2s") Duration readTimeout) {
}
