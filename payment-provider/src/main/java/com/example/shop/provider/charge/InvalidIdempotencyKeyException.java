package com.example.shop.provider.charge;

/** The Idempotency-Key header is blank, too long or not printable ASCII. */
class InvalidIdempotencyKeyException extends RuntimeException {

	InvalidIdempotencyKeyException() {
		super("Idempotency-Key must be 1 to 255 printable ASCII characters without spaces");
	}

}
