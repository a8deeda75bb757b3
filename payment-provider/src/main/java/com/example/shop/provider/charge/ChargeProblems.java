package com.example.shop.provider.charge;

import com.example.shop.operations.ServiceProblems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The provider's own problems; what every service answers alike (framework errors,
 * invalid fields, the last resort) comes from {@link ServiceProblems}.
 */
@RestControllerAdvice
class ChargeProblems extends ServiceProblems {

	@ExceptionHandler
	ProblemDetail keyReused(IdempotencyKeyReusedException ex) {
		return problem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused", "Idempotency key reused",
				"This Idempotency-Key was already used for a charge with a different body.");
	}

	@ExceptionHandler
	ProblemDetail invalidKey(InvalidIdempotencyKeyException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid Idempotency-Key", ex.getMessage());
	}

}
