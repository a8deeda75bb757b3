package com.example.shop.provider.charge;

import java.math.BigDecimal;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * What the client asks the bank to charge; {@code reference} is the shop's order id.
 * Neither text may hold control characters: no CR/LF to forge log lines, no NUL, which
 * PostgreSQL refuses to store.
 */
record ChargeRequest(
		@NotBlank @Size(max = 64) @Pattern(regexp = ChargeRequest.PRINTABLE,
				message = "must not contain control characters") String reference,
		@NotBlank @Size(max = 64) @Pattern(regexp = ChargeRequest.PRINTABLE,
				message = "must not contain control characters") String customerId,
		@NotNull @Positive @Digits(integer = 10, fraction = 2) BigDecimal amount) {

	/** Any text without control characters. */
	static final String PRINTABLE = "\\P{Cc}*";

}
