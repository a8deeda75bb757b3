package com.example.shop.gateway.ratelimit;

import java.net.InetSocketAddress;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who a request is counted against: its {@code X-API-Key}, else its remote address. An
 * SCG {@link KeyResolver}, so a Redis-backed {@code RequestRateLimiter} could reuse it.
 */
@Component
class ClientKeyResolver implements KeyResolver {

	static final String API_KEY = "X-API-Key";

	// Longer keys are cut, so a client cannot make the gateway hold arbitrarily long
	// keys.
	private static final int MAX_KEY_LENGTH = 64;

	@Override
	public Mono<String> resolve(ServerWebExchange exchange) {
		String apiKey = exchange.getRequest().getHeaders().getFirst(API_KEY);
		if (StringUtils.hasText(apiKey)) {
			String key = apiKey.strip();
			return Mono.just("key:" + key.substring(0, Math.min(key.length(), MAX_KEY_LENGTH)));
		}
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return Mono.just("ip:" + ((remote != null) ? remote.getAddress().getHostAddress() : "unknown"));
	}

}
