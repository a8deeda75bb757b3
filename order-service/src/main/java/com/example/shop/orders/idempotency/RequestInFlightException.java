package com.example.shop.orders.idempotency;

/**
 * Another request with the same key is being worked on right now (or took the key over
 * from this one). The client should retry later and will then get its answer.
 */
public class RequestInFlightException extends RuntimeException {

	RequestInFlightException(IdempotencyKey key) {
		super("A request with Idempotency-Key " + key + " is still in flight");
	}

}
