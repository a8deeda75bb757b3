package com.example.shop.gateway.ratelimit;

import java.time.Duration;

/**
 * A client used up its token bucket; it may send again after {@code retryAfter}.
 */
public class RateLimitExceeded extends RuntimeException {

	private final Duration retryAfter;

	RateLimitExceeded(Duration retryAfter) {
		super("Rate limit exceeded", null, false, false);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
