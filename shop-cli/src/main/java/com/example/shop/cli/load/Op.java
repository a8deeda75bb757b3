package com.example.shop.cli.load;

/**
 * What one client call does.
 */
public enum Op {

	/** GET /api/products?page=0&size=20. */
	BROWSE_PRODUCTS,

	/** GET /api/products/{id}, any of the 20 products. */
	BROWSE_PRODUCT,

	/** POST /api/orders with a fresh Idempotency-Key, products 1..18. */
	PLACE_ORDER,

	/**
	 * POST /api/orders again with the key and body of an order placed earlier in the run
	 * (a client retrying): should replay the first answer.
	 */
	DUPLICATE_ORDER,

	/** POST /api/orders for product 19 (stock 3): most are rejected OUT_OF_STOCK. */
	SCARCE_ORDER,

	/** POST /api/orders for product 20 (4999.00, above the card limit): declined. */
	DECLINED_ORDER,

	/** GET /api/orders/{id} of an order placed earlier in the run. */
	POLL_ORDER;

	boolean placesOrder() {
		return this == PLACE_ORDER || this == SCARCE_ORDER || this == DECLINED_ORDER;
	}

}
