package com.example.shop.catalog.stock;

/** Why an order's stock could not be reserved (the reason of {@code StockRejected}). */
enum RejectionReason {

	/** At least one line asks for more units than are left. */
	OUT_OF_STOCK,

	/** At least one line names a product the catalog does not have. */
	UNKNOWN_PRODUCT

}
