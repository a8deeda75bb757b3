package com.example.shop.gateway.problem;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where a route's circuit breaker forwards when its service failed, timed out or the
 * breaker is open ({@code fallbackUri: forward:/fallback/orders}). With the breaker open
 * this answers at once, without touching the service.
 */
@RestController
class ServiceFallback {

	private final FallbackProperties properties;

	ServiceFallback(FallbackProperties properties) {
		this.properties = properties;
	}

	@RequestMapping({ "/fallback/orders", "/fallback/payments" })
	ResponseEntity<ProblemDetail> unavailable(ServerWebExchange exchange) {
		Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
		return ProblemResponses.unavailable(cause, this.properties.retryAfter());
	}

}
