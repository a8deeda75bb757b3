package com.example.shop.payments.payment;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPropertiesTests {

	private final RetryProperties retry = new RetryProperties(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0.5,
			Duration.ofMillis(500), 50, Duration.ofSeconds(20));

	@Test
	void doublesTheWaitAfterEachFailedAttempt() {
		assertThat(this.retry.backoff(1, 0)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.retry.backoff(2, 0)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.retry.backoff(3, 0)).isEqualTo(Duration.ofSeconds(4));
		assertThat(this.retry.backoff(5, 0)).isEqualTo(Duration.ofSeconds(16));
	}

	@Test
	void neverWaitsLongerThanTheMaximum() {
		assertThat(this.retry.backoff(6, 0)).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.retry.backoff(1_000, 0)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void shortensTheWaitByUpToTheJitter() {
		assertThat(this.retry.backoff(3, 0.5)).isEqualTo(Duration.ofSeconds(3));
		assertThat(this.retry.backoff(3, 0.999)).isGreaterThan(Duration.ofSeconds(2));
		assertThat(this.retry.backoff(1_000, 0.999)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
	}

}
