package com.example.shop.payments.payment.web;

import java.util.UUID;

import com.example.shop.payments.payment.PaymentService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/payments")
class PaymentController {

	private final PaymentService payments;

	PaymentController(PaymentService payments) {
		this.payments = payments;
	}

	@GetMapping("/{orderId}")
	PaymentResponse find(@PathVariable UUID orderId) {
		return PaymentResponse.of(this.payments.find(orderId));
	}

}
