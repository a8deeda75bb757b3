package com.example.shop.payments.provider;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderCapacityTests {

	private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();

	private final BulkheadRegistry bulkheads = BulkheadRegistry
		.of(BulkheadConfig.custom().maxConcurrentCalls(1).build());

	private final ProviderCapacity capacity = new ProviderCapacity(this.breakers, this.bulkheads);

	@Test
	void isAvailableWhileTheBreakerIsClosedAndTheBulkheadHasRoom() {
		assertThat(this.capacity.isAvailable()).isTrue();
	}

	@Test
	void isUnavailableWhileTheBreakerIsOpen() {
		breaker().transitionToOpenState();

		assertThat(this.capacity.isAvailable()).isFalse();
	}

	@Test
	void isAvailableAgainOnceTheBreakerHalfOpens() {
		breaker().transitionToOpenState();
		breaker().transitionToHalfOpenState();

		assertThat(this.capacity.isAvailable()).isTrue();
	}

	@Test
	void isUnavailableWhileTheBulkheadIsFull() {
		Bulkhead bulkhead = this.bulkheads.bulkhead(ProviderClient.PROVIDER);
		assertThat(bulkhead.tryAcquirePermission()).isTrue();

		assertThat(this.capacity.isAvailable()).isFalse();

		bulkhead.onComplete();
		assertThat(this.capacity.isAvailable()).isTrue();
	}

	private CircuitBreaker breaker() {
		return this.breakers.circuitBreaker(ProviderClient.PROVIDER);
	}

}
