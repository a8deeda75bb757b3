package com.example.shop.orders.idempotency;

import java.util.UUID;

/**
 * The answer given to the first request under a key, as stored with it: every retry of
 * that key gets exactly this status and body back ({@code replayed} then is true).
 */
public record IdempotentResponse(int status, String body, UUID orderId, boolean replayed) {

	/** The answer as it goes to the first request. */
	public static IdempotentResponse first(int status, String body, UUID orderId) {
		return new IdempotentResponse(status, body, orderId, false);
	}

}
