package com.example.shop.catalog.product;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads products. Its transactions are read-only, which is what sends them to the
 * streaming replica (see the {@code replica} package). Each may take 2 s at most: the
 * transaction timeout becomes every statement's query timeout, so a slow database fails
 * the read (and the API answers from its last-known-good copy) instead of holding it.
 */
@Service
@Transactional(readOnly = true, timeout = 2)
public class ProductCatalog {

	private final ProductRepository products;

	ProductCatalog(ProductRepository products) {
		this.products = products;
	}

	public Page<Product> findAll(Pageable pageable) {
		return this.products.findAll(pageable);
	}

	/**
	 * @throws ProductNotFoundException when no product has this id
	 */
	public Product find(long id) {
		return this.products.findById(id).orElseThrow(() -> new ProductNotFoundException(id));
	}

}
