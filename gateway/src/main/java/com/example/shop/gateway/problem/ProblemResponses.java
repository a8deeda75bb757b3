package com.example.shop.gateway.problem;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ResponseStatusException;

/**
 * Every answer the gateway makes up itself, as an RFC 9457 problem with a stable
 * {@code type}. A 5xx never carries an exception's message.
 */
public final class ProblemResponses {

	private static final String TYPE_BASE = "https://shop.example.com/problems/";

	private ProblemResponses() {
	}

	/**
	 * The answer when a service could not be reached: 504 when it did not answer in time
	 * (the request may still have been processed), else 503. Both say when to try again.
	 * @param cause why the call failed (the breaker's exception), may be {@code null}
	 * @param retryAfter when the client should try again
	 * @return the problem response
	 */
	public static ResponseEntity<ProblemDetail> unavailable(Throwable cause, Duration retryAfter) {
		if (isTimeout(cause)) {
			return of(HttpStatus.GATEWAY_TIMEOUT, "gateway-timeout",
					"The service did not answer in time; retry with the same Idempotency-Key.", retryAfter);
		}
		return of(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
				"The service is unavailable; please try again later.", retryAfter);
	}

	public static ResponseEntity<ProblemDetail> tooManyRequests(Duration retryAfter) {
		return of(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests from this client.", retryAfter);
	}

	public static ResponseEntity<ProblemDetail> of(HttpStatusCode status, String slug, String detail,
			Duration retryAfter) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + slug));
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (retryAfter != null) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		}
		return response.body(problem);
	}

	private static boolean isTimeout(Throwable cause) {
		for (Throwable t = cause; t != null; t = t.getCause()) {
			if (t instanceof TimeoutException || t instanceof org.springframework.cloud.gateway.support.TimeoutException
					|| (t instanceof ResponseStatusException rse
							&& rse.getStatusCode().isSameCodeAs(HttpStatus.GATEWAY_TIMEOUT))) {
				return true;
			}
		}
		return false;
	}

}
