package com.example.shop.orders.idempotency;

import java.util.UUID;

/** What claiming a key gave: the right to do the work, or the stored answer. */
public sealed interface Claim {

	/**
	 * This request owns the key until it completes or releases it; {@code token} tells
	 * this claim from a later one that took an abandoned key over.
	 */
	record Granted(IdempotencyKey key, UUID token) implements Claim {
	}

	/** An earlier request under the key completed: replay its answer. */
	record Answered(IdempotentResponse response) implements Claim {
	}

}
