package com.example.shop.catalog.product;

/** A reservation asked for more units of a product than are left. */
public class InsufficientStockException extends RuntimeException {

	InsufficientStockException(long productId, int requested, int available) {
		super("Product %d has %d left, %d requested".formatted(productId, available, requested));
	}

}
