package com.example.shop.messaging.outbox;

/**
 * Kafka did not acknowledge the oldest event of the outbox; the relay will try again
 * after a backoff.
 */
public class OutboxRelayException extends RuntimeException {

	OutboxRelayException(String message, Throwable cause) {
		super(message, cause);
	}

}
