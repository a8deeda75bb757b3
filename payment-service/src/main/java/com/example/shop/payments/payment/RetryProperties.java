package com.example.shop.payments.payment;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How pending payments are charged again: exponential backoff with jitter between
 * attempts, capped at {@code maxInterval}; how often the retrier looks for due payments
 * and how many it takes; and how long an attempt holds its payment. This is the slow,
 * persistent retry for outages; the quick in-call retry and the cap on concurrent
 * provider calls are resilience4j's, under {@code resilience4j.*.instances.provider}.
 */
@ConfigurationProperties("shop.payments.retry")
@Validated
record RetryProperties(@NotNull @DefaultValue("1s") Duration initialInterval,
		@DecimalMin("1.0") @DefaultValue("2.0") double multiplier, @NotNull @DefaultValue("30s") Duration maxInterval,
		@DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.5") double jitter,
		@NotNull @DefaultValue("500ms") Duration pollInterval, @Min(1) @DefaultValue("50") int batchSize,
		@NotNull @DefaultValue("20s") Duration attemptTimeout) {

	/**
	 * The wait after the {@code attempts}-th failed attempt:
	 * {@code min(initialInterval * multiplier^(attempts - 1), maxInterval)}, less up to
	 * {@code jitter} of it, so payments that failed together do not all retry together.
	 * @param random a number in [0, 1)
	 */
	Duration backoff(int attempts, double random) {
		double exponential = this.initialInterval.toMillis() * Math.pow(this.multiplier, Math.max(0, attempts - 1));
		double capped = Math.min(exponential, this.maxInterval.toMillis());
		return Duration.ofMillis(Math.round(capped * (1 - this.jitter * random)));
	}

}
