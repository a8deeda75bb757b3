package com.example.shop.payments.payment.web;

import com.example.shop.operations.ServiceProblems;
import com.example.shop.payments.payment.PaymentNotFoundException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * payment-service's own problems; what every service answers alike (framework errors, an
 * order id that is no UUID, the last resort) comes from {@link ServiceProblems}.
 */
@RestControllerAdvice
class PaymentProblems extends ServiceProblems {

	@ExceptionHandler
	ProblemDetail notFound(PaymentNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "payment-not-found", "Payment not found", ex.getMessage());
	}

}
