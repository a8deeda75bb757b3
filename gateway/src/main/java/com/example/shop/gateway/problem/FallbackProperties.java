package com.example.shop.gateway.problem;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How gateway-made 503/504 answers tell clients when to come back.
 *
 * @param retryAfter the {@code Retry-After} of a 503/504, about the breakers' time in the
 * open state
 */
@Validated
@ConfigurationProperties("shop.gateway.fallback")
public record FallbackProperties(@NotNull Duration retryAfter) {
}
