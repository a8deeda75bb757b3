package com.example.shop.payments.payment.web;

import java.net.URI;
import java.util.Locale;

import com.example.shop.payments.payment.PaymentNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of payment-service as an RFC 9457 problem with a stable {@code type}. A 5xx
 * never tells the client why.
 */
@RestControllerAdvice
class PaymentProblems extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(PaymentProblems.class);

	private static final String TYPE_BASE = "https://shop.example.com/problems/";

	@ExceptionHandler
	ProblemDetail notFound(PaymentNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "payment-not-found", "Payment not found", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex) {
		log.error("Request failed", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"The payment service could not process the request.");
	}

	/** An order id that is no UUID: named, its value not echoed. */
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"Parameter '%s' has an invalid value.".formatted(ex.getPropertyName()));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * Framework errors (missing header, malformed JSON, ...) get a type named after their
	 * status.
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
