package com.example.shop.payments.provider;

/**
 * The provider gave no decision this time (connection refused, timeout, 5xx, 429): the
 * charge may be tried again with the same idempotency key.
 */
public class ProviderUnavailableException extends RuntimeException {

	ProviderUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
