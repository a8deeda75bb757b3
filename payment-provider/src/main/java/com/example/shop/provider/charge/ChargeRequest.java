package com.example.shop.provider.charge;

import java.math.BigDecimal;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** What the client asks the bank to charge; {@code reference} is the shop's order id. */
record ChargeRequest(@NotBlank @Size(max = 64) String reference, @NotBlank @Size(max = 64) String customerId,
		@NotNull @Positive @Digits(integer = 10, fraction = 2) BigDecimal amount) {
}
