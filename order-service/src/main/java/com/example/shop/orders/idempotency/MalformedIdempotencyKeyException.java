package com.example.shop.orders.idempotency;

/** The request has no {@code Idempotency-Key}, or one that breaks the format. */
public class MalformedIdempotencyKeyException extends RuntimeException {

	MalformedIdempotencyKeyException() {
		super("Idempotency-Key header must be 1 to 64 characters of A-Z a-z 0-9 . _ : -");
	}

}
