package com.example.shop.orders.order.web;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import com.example.shop.orders.catalog.CatalogUnavailableException;
import com.example.shop.orders.catalog.UnknownProductException;
import com.example.shop.orders.idempotency.IdempotencyKeyReusedException;
import com.example.shop.orders.idempotency.MalformedIdempotencyKeyException;
import com.example.shop.orders.idempotency.RequestInFlightException;
import com.example.shop.orders.order.OrderNotFoundException;
import com.example.shop.operations.ServiceProblems;
import jakarta.servlet.http.HttpServletResponse;
import org.hibernate.TransactionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/**
 * order-service's own problems; what every service answers alike (framework errors, an
 * order id that is no UUID, invalid fields) comes from {@link ServiceProblems}. Answers
 * 5xx without the exception's message: that is for the log, not the client.
 */
@RestControllerAdvice
class OrderProblems extends ServiceProblems {

	private static final Logger log = LoggerFactory.getLogger(OrderProblems.class);

	private static final String PAYLOAD_TOO_LARGE = "The request body is larger than "
			+ RequestBodyLimit.MAX_BODY.toKilobytes() + " KB";

	private static final String PAYLOAD_TOO_LARGE_JSON = """
			{"type":"%spayload-too-large","title":"Payload too large","status":413,"detail":"%s"}""".formatted(TYPES,
			PAYLOAD_TOO_LARGE);

	@ExceptionHandler
	ProblemDetail malformedIdempotencyKey(MalformedIdempotencyKeyException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-idempotency-key", "Invalid Idempotency-Key", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail unknownProduct(UnknownProductException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "unknown-product", "Unknown product", ex.getMessage());
		problem.setProperty("productId", ex.getProductId());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail orderNotFound(OrderNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "order-not-found", "Order not found", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> requestInFlight(RequestInFlightException ex) {
		return retryLater(problem(HttpStatus.CONFLICT, "request-in-flight", "Request in flight", ex.getMessage()),
				Duration.ofSeconds(1));
	}

	@ExceptionHandler
	ProblemDetail idempotencyKeyReused(IdempotencyKeyReusedException ex) {
		return problem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused", "Idempotency-Key reused",
				ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> catalogUnavailable(CatalogUnavailableException ex) {
		log.warn("Cannot price an order: {}", ex.getMessage());
		return retryLater(
				problem(HttpStatus.SERVICE_UNAVAILABLE, "catalog-unavailable", "Catalog unavailable",
						"Prices cannot be read right now; nothing was stored, retry with the same Idempotency-Key"),
				Duration.ofSeconds(5));
	}

	/**
	 * The database cannot be reached: no connection (the pool timed out, or the
	 * {@code orders-db} breaker is open), a connection lost mid-request, or a rollback
	 * that failed because the connection was gone.
	 */
	@ExceptionHandler({ CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
			TransactionSystemException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
		log.warn("Database unavailable: {}", ex.getMessage());
		return retryLater(
				problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
						"Orders cannot be stored right now; retry with the same Idempotency-Key"),
				Duration.ofSeconds(5));
	}

	@Override
	protected ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (lostTheDatabase(ex)) {
			return databaseUnavailable(ex);
		}
		return super.unexpected(ex);
	}

	/**
	 * Whether the failure comes from a connection to the database that broke or timed
	 * out, whatever Hibernate and Spring wrapped it in: SQL state class 08, a socket
	 * timeout, or a JDBC failure to commit or roll back (the pool has already closed the
	 * broken connection, whose own error the failed rollback hides).
	 */
	private static boolean lostTheDatabase(Throwable failure) {
		for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
			if (cause instanceof SQLTransientConnectionException || cause instanceof SocketTimeoutException) {
				return true;
			}
			if (cause instanceof TransactionException && cause.getCause() instanceof SQLException) {
				return true;
			}
		}
		return false;
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (bodyTooLarge(ex)) {
			return handleExceptionInternal(ex, payloadTooLarge(), headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
		}
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
				"The body is not a JSON order request");
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	/**
	 * The answer {@link RequestBodyLimit} writes before the request reaches Spring MVC.
	 */
	static void writePayloadTooLarge(HttpServletResponse response) throws IOException {
		response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(PAYLOAD_TOO_LARGE_JSON);
	}

	private static boolean bodyTooLarge(Throwable failure) {
		for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof RequestBodyLimit.BodyTooLargeException) {
				return true;
			}
		}
		return false;
	}

	private static ProblemDetail payloadTooLarge() {
		return problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large", PAYLOAD_TOO_LARGE);
	}

}
