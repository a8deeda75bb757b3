package com.example.shop.provider.charge;

/** A request reused an idempotency key that an earlier, different request decided. */
class IdempotencyKeyReusedException extends RuntimeException {

	IdempotencyKeyReusedException(String idempotencyKey) {
		super("Idempotency key " + idempotencyKey + " was used for a different charge");
	}

}
