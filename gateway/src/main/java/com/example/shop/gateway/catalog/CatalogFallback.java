package com.example.shop.gateway.catalog;

import java.time.Duration;
import java.time.Instant;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where the catalog route's breaker forwards: the last-known-good copy of the same
 * product URL, marked {@code X-Degraded: catalog-cache} with its {@code Age}; without a
 * copy, a 503 (504 on a timeout) problem with {@code Retry-After}.
 */
@RestController
class CatalogFallback {

	static final String DEGRADED = "X-Degraded";

	private final CatalogResponseCacheGatewayFilterFactory cache;

	CatalogFallback(CatalogResponseCacheGatewayFilterFactory cache) {
		this.cache = cache;
	}

	@RequestMapping("/fallback/catalog")
	ResponseEntity<byte[]> lastKnownGood(ServerWebExchange exchange) {
		return this.cache.lastKnownGood(exchange)
			.filter((copy) -> HttpMethod.GET.equals(exchange.getRequest().getMethod()))
			.map((copy) -> ResponseEntity.ok()
				.contentType(copy.contentType())
				.header(DEGRADED, "catalog-cache")
				.header(HttpHeaders.AGE, Long.toString(Duration.between(copy.cachedAt(), Instant.now()).toSeconds()))
				.body(copy.body()))
			.orElseThrow(() -> unavailable(exchange));
	}

	// Rendered as a 503 problem (504 when the cause is a timeout) by GatewayProblems.
	private static ResponseStatusException unavailable(ServerWebExchange exchange) {
		Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
		return new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, null, cause);
	}

}
