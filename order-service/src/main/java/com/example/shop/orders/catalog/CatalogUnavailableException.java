package com.example.shop.orders.catalog;

/** Catalog could not be asked: refused, timed out, or answered with an error. */
public class CatalogUnavailableException extends RuntimeException {

	CatalogUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
