package com.example.shop.orders.order;

import java.math.BigDecimal;
import java.math.RoundingMode;

import jakarta.persistence.Embeddable;

/**
 * One product of an order at the price catalog quoted when the order was placed; later
 * price changes do not touch it.
 */
@Embeddable
public class OrderLine {

	private long productId;

	private int quantity;

	private BigDecimal unitPrice;

	protected OrderLine() {
	}

	OrderLine(long productId, int quantity, BigDecimal unitPrice) {
		if (quantity < 1) {
			throw new IllegalArgumentException("quantity must be positive, was " + quantity);
		}
		this.productId = productId;
		this.quantity = quantity;
		this.unitPrice = unitPrice.setScale(2, RoundingMode.HALF_UP);
	}

	BigDecimal amount() {
		return this.unitPrice.multiply(BigDecimal.valueOf(this.quantity));
	}

	public long getProductId() {
		return this.productId;
	}

	public int getQuantity() {
		return this.quantity;
	}

	public BigDecimal getUnitPrice() {
		return this.unitPrice;
	}

}
