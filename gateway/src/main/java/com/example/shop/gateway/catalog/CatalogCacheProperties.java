package com.example.shop.gateway.catalog;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the gateway's last-known-good copy of catalog responses.
 *
 * @param maxEntries how many distinct product URLs (path and query) are kept
 * @param ttl how long a copy may be served after it was fetched
 */
@Validated
@ConfigurationProperties("shop.gateway.catalog-cache")
record CatalogCacheProperties(@Positive long maxEntries, @NotNull Duration ttl) {
}
