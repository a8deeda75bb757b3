package com.example.shop.orders.order.web;

import java.util.List;
import java.util.Objects;

import com.example.shop.orders.order.PlaceOrder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/orders}:
 * {@code {"customerId":"c-42","items":[{"productId":1,"quantity":2}]}}. The customer id
 * is 1 to 64 characters without control characters (no CR/LF to forge log lines, no NUL,
 * which PostgreSQL refuses to store); at most 20 items, each product once, 1 to 100 of
 * each.
 */
record PlaceOrderRequest(
		@NotBlank @Size(max = 64) @Pattern(regexp = "\\P{Cc}*",
				message = "must not contain control characters") String customerId,
		@NotNull @Size(min = 1, max = 20) List<@NotNull @Valid Item> items) {

	record Item(@NotNull @Min(1) Long productId, @NotNull @Min(1) @Max(100) Integer quantity) {
	}

	@AssertTrue(message = "must list each product once")
	boolean isEachProductOnce() {
		if (this.items == null) {
			return true;
		}
		List<Long> products = this.items.stream().filter(Objects::nonNull).map(Item::productId).toList();
		return products.stream().distinct().count() == products.size();
	}

	PlaceOrder toPlaceOrder() {
		return new PlaceOrder(this.customerId,
				this.items.stream().map((item) -> new PlaceOrder.Item(item.productId(), item.quantity())).toList());
	}

}
