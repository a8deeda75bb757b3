package com.example.shop.catalog.product.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.example.shop.catalog.product.ProductNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the catalog as an RFC 9457 problem with a stable {@code type}. A 5xx
 * never tells the client why; the log does.
 */
@RestControllerAdvice
class CatalogProblems extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(CatalogProblems.class);

	private static final String TYPE_BASE = "https://shop.example.com/problems/";

	/** Seconds a client should wait before asking again while no database answers. */
	private static final String RETRY_AFTER_SECONDS = "5";

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
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
				"The catalog cannot read products right now. Try again shortly.");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
			.body(problem);
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex) {
		log.error("Request failed", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"The catalog could not process the request.");
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"The request has invalid parameters.");
		List<Map<String, String>> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> Map.of("parameter", String.valueOf(result.getMethodParameter().getParameterName()),
						"message", String.valueOf(error.getDefaultMessage()))))
			.toList();
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"Parameter '%s' has an invalid value.".formatted(ex.getPropertyName()));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * Other framework errors (unknown path, wrong method, ...) get a type named after
	 * their status. Here rather than in {@code handleExceptionInternal}, which most of
	 * them reach without a body yet.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
			HttpStatus status = HttpStatus.resolve(statusCode.value());
			String slug = (status != null) ? status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-')
					: "error";
			problem.setType(URI.create(TYPE_BASE + slug));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + slug));
		problem.setTitle(title);
		return problem;
	}

}
