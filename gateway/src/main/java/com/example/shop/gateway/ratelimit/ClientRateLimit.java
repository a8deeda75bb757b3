package com.example.shop.gateway.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Limits every routed request per client with an in-memory token bucket (Bucket4j): a
 * bucket of {@code burst} tokens refilled at {@code requests-per-second}. Over the limit
 * the request fails with {@link RateLimitExceeded} (429 + {@code Retry-After}, rendered
 * as a problem). Buckets live in this gateway instance only: with N replicas a client may
 * get up to N times the limit.
 * <p>
 * A global filter rather than SCG's {@code RequestRateLimiter}, because that filter
 * answers 429 with an empty body, and every gateway-made error here is a problem.
 */
@Component
class ClientRateLimit implements GlobalFilter, Ordered {

	static final String REMAINING = "X-RateLimit-Remaining";

	private final ClientKeyResolver clients;

	private final RateLimitProperties limit;

	private final Cache<String, Bucket> buckets;

	ClientRateLimit(ClientKeyResolver clients, RateLimitProperties limit) {
		this.clients = clients;
		this.limit = limit;
		this.buckets = Caffeine.newBuilder()
			.maximumSize(limit.maxClients())
			.expireAfterAccess(limit.idleExpiry())
			.build();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return this.clients.resolve(exchange).flatMap((client) -> {
			ConsumptionProbe probe = this.buckets.get(client, (key) -> newBucket()).tryConsumeAndReturnRemaining(1);
			if (!probe.isConsumed()) {
				return Mono.error(new RateLimitExceeded(roundUpToSeconds(probe.getNanosToWaitForRefill())));
			}
			exchange.getResponse().getHeaders().set(REMAINING, Long.toString(probe.getRemainingTokens()));
			return chain.filter(exchange);
		});
	}

	// Before every route filter: a rejected request costs no breaker permit and no
	// upstream call.
	@Override
	public int getOrder() {
		return -100;
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit((bandwidth) -> bandwidth.capacity(this.limit.burst())
				.refillGreedy(this.limit.requestsPerSecond(), Duration.ofSeconds(1)))
			.build();
	}

	private static Duration roundUpToSeconds(long nanos) {
		return Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
	}

}
