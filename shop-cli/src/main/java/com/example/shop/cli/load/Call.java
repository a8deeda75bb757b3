package com.example.shop.cli.load;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One client call as the call log records it (one JSON line each). A call that got no
 * answer (connection refused, timeout, ...) has status 0 and an {@code error}.
 *
 * @param startedAt when the call started, epoch milliseconds
 * @param requestId unique per call, also sent as {@code X-Request-Id}
 * @param op what the call does
 * @param client the API key it was sent with
 * @param method HTTP method
 * @param path path and query
 * @param idempotencyKey the {@code Idempotency-Key} of an order, else null
 * @param body the request body of an order, else null
 * @param status the HTTP status, 0 when there was no answer
 * @param error why there was no answer, else null
 * @param latencyMs from start to the whole answer read (or the failure)
 * @param degraded the {@code X-Degraded} header, if any
 * @param replayed whether the answer carried {@code Idempotent-Replayed: true}
 * @param orderId the order id in the answer, if any
 * @param orderStatus the order status in the answer, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Call(long startedAt, String requestId, Op op, String client, String method, String path,
		String idempotencyKey, JsonNode body, int status, String error, double latencyMs, String degraded,
		boolean replayed, String orderId, String orderStatus) {

	public boolean answered() {
		return this.status != 0;
	}

	public boolean successful() {
		return this.status >= 200 && this.status < 300;
	}

	public boolean degradedAnswer() {
		return this.degraded != null;
	}

}
