package com.example.shop.orders.idempotency;

/** The key was first used for a different request. */
public class IdempotencyKeyReusedException extends RuntimeException {

	IdempotencyKeyReusedException(IdempotencyKey key) {
		super("Idempotency-Key " + key + " was already used for a different request");
	}

}
