package com.example.shop.gateway.problem;

import java.time.Duration;

import com.example.shop.gateway.ratelimit.RateLimitExceeded;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/**
 * Turns the gateway's own errors into problem+json: no route (404), rate limit (429), no
 * instance or breaker open without a fallback (503), timeout (504). Errors raised in
 * gateway filters reach this advice too, through WebFlux's dispatch error handling.
 */
@RestControllerAdvice
class GatewayProblems {

	private static final Log logger = LogFactory.getLog(GatewayProblems.class);

	private final FallbackProperties fallback;

	GatewayProblems(FallbackProperties fallback) {
		this.fallback = fallback;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> rateLimitExceeded(RateLimitExceeded exception) {
		return ProblemResponses.tooManyRequests(exception.retryAfter());
	}

	/**
	 * Load shedding: more routed requests in flight than the admission bulkhead allows.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> overloaded(BulkheadFullException exception) {
		return ProblemResponses.of(HttpStatus.SERVICE_UNAVAILABLE, "overloaded",
				"The shop is serving as many requests as it can; please try again shortly.", Duration.ofSeconds(1));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> responseStatus(ResponseStatusException exception) {
		HttpStatusCode status = exception.getStatusCode();
		if (status.isSameCodeAs(HttpStatus.SERVICE_UNAVAILABLE) || status.isSameCodeAs(HttpStatus.GATEWAY_TIMEOUT)) {
			return ProblemResponses.unavailable(exception, this.fallback.retryAfter());
		}
		if (status.isSameCodeAs(HttpStatus.NOT_FOUND)) {
			return ProblemResponses.of(status, "not-found", "No route matches this path.", null);
		}
		HttpStatus known = HttpStatus.resolve(status.value());
		String slug = (known != null) ? known.name().toLowerCase().replace('_', '-') : "error";
		Duration retryAfter = status.is5xxServerError() ? this.fallback.retryAfter() : null;
		return ProblemResponses.of(status, slug, (known != null) ? known.getReasonPhrase() : "Error", retryAfter);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception exception) {
		logger.error("Unexpected gateway error", exception);
		return ProblemResponses.of(HttpStatus.BAD_GATEWAY, "bad-gateway", "The gateway could not complete the call.",
				this.fallback.retryAfter());
	}

}
