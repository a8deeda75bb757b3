package com.example.shop.catalog.product.web;

import java.math.BigDecimal;

import com.example.shop.catalog.product.Product;

/** A product as the API shows it. */
record ProductResponse(long id, String name, String description, BigDecimal price, int stock) {

	static ProductResponse of(Product product) {
		return new ProductResponse(product.getId(), product.getName(), product.getDescription(), product.getPrice(),
				product.getStock());
	}

}
