package com.example.shop.gateway.admission;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Load shedding: at most
 * {@code resilience4j.bulkhead.instances.admission.maxConcurrentCalls} routed requests in
 * flight in this gateway. One more is refused at once, never queued, with a 503
 * {@code overloaded} problem and {@code Retry-After} (see {@code GatewayProblems}): under
 * a burst beyond what the shop can serve, the calls let in stay fast and the rest learn
 * within milliseconds to come back, instead of every call waiting until its time limit.
 * <p>
 * A resilience4j semaphore bulkhead, so its numbers live in {@code application.yml} and
 * its free permits show as {@code resilience4j_bulkhead_available_concurrent_calls}.
 * After the per-client rate limit: a client over its own limit does not take a permit.
 */
@Component
class AdmissionControl implements GlobalFilter, Ordered {

	static final String BULKHEAD = "admission";

	private final Bulkhead bulkhead;

	AdmissionControl(BulkheadRegistry bulkheads) {
		this.bulkhead = bulkheads.bulkhead(BULKHEAD);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return chain.filter(exchange).transformDeferred(BulkheadOperator.of(this.bulkhead));
	}

	// After ClientRateLimit (-100), before every route filter.
	@Override
	public int getOrder() {
		return -90;
	}

}
