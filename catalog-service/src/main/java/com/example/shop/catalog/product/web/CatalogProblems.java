package com.example.shop.catalog.product.web;

import java.time.Duration;

import com.example.shop.catalog.product.ProductNotFoundException;
import com.example.shop.operations.ServiceProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The catalog's own problems; what every service answers alike (framework errors, bad ids
 * and paging parameters, the last resort) comes from {@link ServiceProblems}. A 5xx never
 * tells the client why; the log does.
 */
@RestControllerAdvice
class CatalogProblems extends ServiceProblems {

	private static final Logger log = LoggerFactory.getLogger(CatalogProblems.class);

	/** How long a client should wait before asking again while no database answers. */
	private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	@ExceptionHandler
	ProblemDetail productNotFound(ProductNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "product-not-found", "Product not found",
				"No product with id " + ex.getProductId() + ".");
	}

	/**
	 * Neither the replica nor the primary answered, and no copy of the answer is kept.
	 */
	@ExceptionHandler({ CatalogUnavailableException.class, CannotCreateTransactionException.class,
			DataAccessResourceFailureException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
		Throwable cause = (ex instanceof CatalogUnavailableException) ? ex.getCause() : ex;
		log.warn("Database unavailable: {}", cause.getMessage());
		return retryLater(problem(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
				"The catalog cannot read products right now. Try again shortly."), RETRY_AFTER);
	}

}
