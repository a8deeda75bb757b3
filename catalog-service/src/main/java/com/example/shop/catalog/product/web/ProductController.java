package com.example.shop.catalog.product.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The product API. Pages are always sorted by id, so a client paging through sees every
 * product once. While the database is unreachable, answers come from the last-known-good
 * copies ({@link ProductReads}), marked as such.
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

	/** Header naming why an answer is degraded. */
	static final String DEGRADED = "X-Degraded";

	/** The reason given while answers come from the last-known-good copies. */
	static final String DATABASE_CACHE = "catalog-db-cache";

	private final ProductReads reads;

	ProductController(ProductReads reads) {
		this.reads = reads;
	}

	@GetMapping
	ResponseEntity<PagedModel<ProductResponse>> list(@RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
			@RequestParam(defaultValue = "20") @Min(1) int size) {
		PageRequest request = PageRequest.of(page, Math.min(size, MAX_PAGE_SIZE), Sort.by("id"));
		return answer(this.reads.findAll(request));
	}

	@GetMapping("/{id}")
	ResponseEntity<ProductResponse> find(@PathVariable long id) {
		return answer(this.reads.find(id));
	}

	/**
	 * A copy says so: {@code X-Degraded} and its {@code Age} in seconds (RFC 9111), the
	 * body the same as a fresh one.
	 */
	private static <T> ResponseEntity<T> answer(Served<T> served) {
		if (!served.degraded()) {
			return ResponseEntity.ok(served.body());
		}
		return ResponseEntity.ok()
			.header(DEGRADED, DATABASE_CACHE)
			.header(HttpHeaders.AGE, String.valueOf(served.age().toSeconds()))
			.body(served.body());
	}

}
