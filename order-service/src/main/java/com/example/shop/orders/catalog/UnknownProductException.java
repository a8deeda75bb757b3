package com.example.shop.orders.catalog;

/** Catalog does not know the product (it answered 404). */
public class UnknownProductException extends RuntimeException {

	private final long productId;

	UnknownProductException(long productId) {
		super("Product " + productId + " does not exist");
		this.productId = productId;
	}

	public long getProductId() {
		return this.productId;
	}

}
