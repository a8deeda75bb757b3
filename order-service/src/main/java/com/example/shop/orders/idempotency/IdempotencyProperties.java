package com.example.shop.orders.idempotency;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code inFlightTimeout}: how long a claimed key may stay in flight before it counts as
 * abandoned (the instance that claimed it died) and another request may take it over.
 * Keep it well above the slowest placement (catalog timeouts included).
 */
@Validated
@ConfigurationProperties("shop.orders.idempotency")
record IdempotencyProperties(@NotNull @DefaultValue("30s") Duration inFlightTimeout) {
}
