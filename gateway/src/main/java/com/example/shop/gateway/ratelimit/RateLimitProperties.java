package com.example.shop.gateway.ratelimit;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The per-client token bucket.
 *
 * @param requestsPerSecond tokens refilled per second (the sustained rate)
 * @param burst bucket capacity: how many requests a quiet client may send at once
 * @param maxClients how many clients' buckets are held; the least recently used go first
 * @param idleExpiry a bucket untouched this long is dropped (it would be full again)
 */
@Validated
@ConfigurationProperties("shop.gateway.rate-limit")
record RateLimitProperties(@Positive long requestsPerSecond, @Positive long burst, @Positive long maxClients,
		@NotNull Duration idleExpiry) {
}
