package com.example.shop.catalog.product;

/** No product has the requested id. */
public class ProductNotFoundException extends RuntimeException {

	private final long productId;

	public ProductNotFoundException(long productId) {
		super("No product with id " + productId);
		this.productId = productId;
	}

	public long getProductId() {
		return this.productId;
	}

}
