package com.example.shop.orders.idempotency;

import java.util.regex.Pattern;

/**
 * The client's name for one logical request, sent as the {@code Idempotency-Key} header:
 * 1 to 64 characters of {@code [A-Za-z0-9._:-]} (room for a UUID or a prefixed ULID).
 * Every retry of the request carries the same key.
 */
public record IdempotencyKey(String value) {

	/** The HTTP header that carries the key. */
	public static final String HEADER = "Idempotency-Key";

	private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	public IdempotencyKey {
		if (value == null || !FORMAT.matcher(value).matches()) {
			throw new MalformedIdempotencyKeyException();
		}
	}

	/** The key in {@code raw}, refusing a missing or malformed one. */
	public static IdempotencyKey parse(String raw) {
		return new IdempotencyKey(raw);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
