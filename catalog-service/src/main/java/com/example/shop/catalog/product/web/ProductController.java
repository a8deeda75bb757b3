package com.example.shop.catalog.product.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.example.shop.catalog.product.ProductCatalog;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The product API. Pages are always sorted by id, so a client paging through sees every
 * product once.
 */
@RestController
@RequestMapping("/api/products")
class ProductController {

	/** A bigger page is served at this size rather than refused. */
	static final int MAX_PAGE_SIZE = 100;

	/**
	 * Keeps {@code page * size} within the int offset JPA accepts: a bigger page number
	 * is a bad request, not a server error.
	 */
	static final int MAX_PAGE = 1_000_000;

	private final ProductCatalog catalog;

	ProductController(ProductCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping
	PagedModel<ProductResponse> list(@RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
			@RequestParam(defaultValue = "20") @Min(1) int size) {
		PageRequest request = PageRequest.of(page, Math.min(size, MAX_PAGE_SIZE), Sort.by("id"));
		return new PagedModel<>(this.catalog.findAll(request).map(ProductResponse::of));
	}

	@GetMapping("/{id}")
	ProductResponse find(@PathVariable long id) {
		return ProductResponse.of(this.catalog.find(id));
	}

}
