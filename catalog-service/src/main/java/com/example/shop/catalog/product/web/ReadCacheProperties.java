package com.example.shop.catalog.product.web;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The last-known-good copies of product reads, served while the database is unreachable.
 *
 * @param maximumSize answers kept at most, for products and for pages each (the least
 * used go first)
 * @param timeToLive how old a copy may get before it is dropped: past it, a read during
 * an outage answers 503 rather than data this old
 */
@ConfigurationProperties("shop.catalog.read-cache")
@Validated
record ReadCacheProperties(@Positive @DefaultValue("1000") long maximumSize,
		@NotNull @DefaultValue("1h") Duration timeToLive) {
}
