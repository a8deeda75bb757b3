package com.example.shop.operations;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * What every servlet service's {@code @RestControllerAdvice} answers alike, as RFC 9457
 * problems whose {@code type} is {@value #TYPES}{@code <slug>}:
 * <ul>
 * <li>Spring MVC's own errors (wrong method, media type or {@code Accept}, a missing
 * header, an unreadable body, ...) keep Spring's generic detail, which names no class,
 * and get a type named after their status ({@code method-not-allowed});</li>
 * <li>a path nothing answers is {@code not-found}, without echoing the path;</li>
 * <li>a parameter of the wrong type (an id that is no number or UUID) is
 * {@code invalid-request}, naming the parameter but not echoing its value;</li>
 * <li>a request body with invalid fields, or invalid parameters, is
 * {@code invalid-request} with what is wrong in {@code errors};</li>
 * <li>anything unexpected is logged and answered 500 {@code internal-error} without
 * saying why.</li>
 * </ul>
 * A service extends it with the handlers of its own domain exceptions.
 */
public abstract class ServiceProblems extends ResponseEntityExceptionHandler {

	/** Where every problem type of the shop lives. */
	public static final String TYPES = "https://shop.example.com/problems/";

	/**
	 * The last resort. A subclass that knows more about some unexpected failures (a lost
	 * database connection) overrides it.
	 * @param ex what failed
	 * @return 500 {@code internal-error}
	 */
	@ExceptionHandler
	protected ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		this.logger.error("Request failed", ex);
		return ResponseEntity.internalServerError()
			.body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
					"The request failed unexpectedly."));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"The request has invalid fields.");
		List<InvalidField> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new InvalidField(error.getField(), String.valueOf(error.getDefaultMessage())))
			.toList();
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
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

	/**
	 * A path nothing answers: Spring's own detail would name the static resource it
	 * looked for, the request's path decoded.
	 */
	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex, nothingHere(), headers, HttpStatus.NOT_FOUND, request);
	}

	/**
	 * A path no handler maps, where no static resources are served: Spring's own detail
	 * would repeat the method and path.
	 */
	@Override
	protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex, nothingHere(), headers, HttpStatus.NOT_FOUND, request);
	}

	private static ProblemDetail nothingHere() {
		return problem(HttpStatus.NOT_FOUND, "not-found", "Not Found", "Nothing answers at this path.");
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"Parameter '%s' has an invalid value.".formatted(ex.getPropertyName()));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * Gives a problem without a type of its own one named after its status. Here rather
	 * than in {@code handleExceptionInternal}, which most framework errors reach without
	 * a body yet.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
			HttpStatus status = HttpStatus.resolve(statusCode.value());
			String slug = (status != null) ? status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-')
					: "error";
			problem.setType(URI.create(TYPES + slug));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	/**
	 * A problem of type {@value #TYPES}{@code <slug>}.
	 * @param status the HTTP status
	 * @param slug the last segment of the type
	 * @param title the short, fixed summary
	 * @param detail what happened, for the client: never an exception's message
	 * @return the problem
	 */
	protected static ProblemDetail problem(HttpStatusCode status, String slug, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPES + slug));
		problem.setTitle(title);
		return problem;
	}

	/**
	 * The problem with a {@code Retry-After} header: the service expects to answer again
	 * after that long.
	 * @param problem the problem, with its status set
	 * @param after when to try again
	 * @return the response
	 */
	protected static ResponseEntity<ProblemDetail> retryLater(ProblemDetail problem, Duration after) {
		return ResponseEntity.status(problem.getStatus())
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(after.toSeconds()))
			.body(problem);
	}

	/** One field of the request that failed validation, in {@code errors}. */
	record InvalidField(String field, String message) {
	}

}
