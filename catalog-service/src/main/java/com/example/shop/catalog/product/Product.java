package com.example.shop.catalog.product;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

/**
 * A product for sale and the stock left of it. Stock only moves through
 * {@link #reserve(int)} and {@link #release(int)}, and never below zero.
 */
@Entity
public class Product {

	@Id
	private Long id;

	private String name;

	private String description;

	private BigDecimal price;

	private int stock;

	@Version
	private Long version;

	protected Product() {
	}

	private Product(long id, String name, String description, BigDecimal price, int stock) {
		this.id = id;
		this.name = name;
		this.description = description;
		this.price = price;
		this.stock = requireNotNegative(stock);
	}

	/**
	 * A product as the catalog lists it. (The shop's products come from its database
	 * migrations; the service itself never creates one.)
	 */
	public static Product of(long id, String name, String description, BigDecimal price, int stock) {
		return new Product(id, name, description, price, stock);
	}

	/** Whether {@code quantity} units can be taken from the stock left. */
	public boolean canSupply(int quantity) {
		return requirePositive(quantity) <= this.stock;
	}

	/**
	 * Takes {@code quantity} units from stock.
	 * @throws InsufficientStockException when fewer units are left
	 */
	public void reserve(int quantity) {
		if (!canSupply(quantity)) {
			throw new InsufficientStockException(this.id, quantity, this.stock);
		}
		this.stock -= quantity;
	}

	/** Puts back {@code quantity} units that a reservation held. */
	public void release(int quantity) {
		this.stock += requirePositive(quantity);
	}

	private static int requireNotNegative(int stock) {
		if (stock < 0) {
			throw new IllegalArgumentException("Stock cannot be negative, was " + stock);
		}
		return stock;
	}

	private static int requirePositive(int quantity) {
		if (quantity <= 0) {
			throw new IllegalArgumentException("Quantity must be positive, was " + quantity);
		}
		return quantity;
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public String getDescription() {
		return this.description;
	}

	public BigDecimal getPrice() {
		return this.price;
	}

	public int getStock() {
		return this.stock;
	}

}
