package com.example.shop.payments.provider;

/**
 * The provider refused the request itself (a 4xx such as 400 or 422): sending it again
 * cannot succeed.
 */
public class ProviderRejectedException extends RuntimeException {

	ProviderRejectedException(String message, Throwable cause) {
		super(message, cause);
	}

}
