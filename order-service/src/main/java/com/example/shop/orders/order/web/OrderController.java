package com.example.shop.orders.order.web;

import java.net.URI;
import java.util.UUID;

import com.example.shop.orders.idempotency.IdempotencyKey;
import com.example.shop.orders.idempotency.IdempotentResponse;
import com.example.shop.orders.order.OrderService;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/orders")
class OrderController {

	static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

	private final OrderService orders;

	OrderController(OrderService orders) {
		this.orders = orders;
	}

	/**
	 * Accepts the order (202, processed asynchronously by the saga). A retry with the
	 * same key gets the first answer again, marked {@code Idempotent-Replayed: true}.
	 */
	@PostMapping
	ResponseEntity<String> place(@RequestHeader(name = IdempotencyKey.HEADER, required = false) String key,
			@Valid @RequestBody PlaceOrderRequest request) {
		IdempotentResponse answer = this.orders.place(IdempotencyKey.parse(key), request.toPlaceOrder());
		ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status())
			.location(URI.create("/api/orders/" + answer.orderId()))
			.contentType(MediaType.APPLICATION_JSON);
		if (answer.replayed()) {
			response.header(IDEMPOTENT_REPLAYED, "true");
		}
		return response.body(answer.body());
	}

	@GetMapping("/{id}")
	OrderResponse find(@PathVariable UUID id) {
		return OrderResponse.of(this.orders.find(id));
	}

}
