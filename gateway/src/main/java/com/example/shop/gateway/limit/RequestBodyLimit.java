package com.example.shop.gateway.limit;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Keeps oversized bodies away from the services: a {@code Content-Length} above
 * {@code shop.gateway.request.max-body-size} answers 413, a body without one (chunked)
 * 411, both as problems ({@code GatewayProblems}) before any service is called. Every
 * client of this JSON API knows its body's length up front; a chunked body could only be
 * measured while it is already streaming to the service.
 * <p>
 * A global filter rather than SCG's {@code RequestSize}, because that filter answers 413
 * with an empty body and lets chunked bodies through.
 */
@Component
class RequestBodyLimit implements GlobalFilter, Ordered {

	private final RequestLimitProperties limits;

	RequestBodyLimit(RequestLimitProperties limits) {
		this.limits = limits;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		if (headers.containsKey(HttpHeaders.TRANSFER_ENCODING)) {
			return Mono.error(new ResponseStatusException(HttpStatus.LENGTH_REQUIRED));
		}
		if (headers.getContentLength() > this.limits.maxBodySize().toBytes()) {
			return Mono.error(new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE));
		}
		return chain.filter(exchange);
	}

	// Before the rate limit and every route filter: no token, breaker permit or upstream
	// call is spent on it.
	@Override
	public int getOrder() {
		return -200;
	}

}
