package com.example.shop.catalog.product.web;

/**
 * No database answered a read, and there is no copy of the answer to serve instead.
 */
class CatalogUnavailableException extends RuntimeException {

	CatalogUnavailableException(Throwable cause) {
		super("No database answered and no copy of the answer is kept", cause);
	}

}
