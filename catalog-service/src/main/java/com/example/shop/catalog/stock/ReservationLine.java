package com.example.shop.catalog.stock;

import jakarta.persistence.Embeddable;

/** So many units of one product held for an order. */
@Embeddable
record ReservationLine(long productId, int quantity) {

	ReservationLine {
		if (quantity <= 0) {
			throw new IllegalArgumentException("Quantity must be positive, was " + quantity);
		}
	}

}
