package com.example.shop.payments.provider;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.stereotype.Component;

/**
 * Whether a charge could get through right now: the provider's breaker lets calls pass
 * and its bulkhead has a free slot. A caller that asks first leaves a payment due instead
 * of spending an attempt on a call that would be refused at once. It only peeks: the
 * bulkhead on {@link ProviderClient#charge} still decides.
 */
@Component
public class ProviderCapacity {

	private final CircuitBreaker breaker;

	private final Bulkhead bulkhead;

	ProviderCapacity(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads) {
		this.breaker = breakers.circuitBreaker(ProviderClient.PROVIDER);
		this.bulkhead = bulkheads.bulkhead(ProviderClient.PROVIDER);
	}

	public boolean isAvailable() {
		return this.breaker.getState() != CircuitBreaker.State.OPEN
				&& this.breaker.getState() != CircuitBreaker.State.FORCED_OPEN
				&& this.bulkhead.getMetrics().getAvailableConcurrentCalls() > 0;
	}

}
