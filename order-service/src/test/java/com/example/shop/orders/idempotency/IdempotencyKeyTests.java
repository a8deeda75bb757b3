package com.example.shop.orders.idempotency;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IdempotencyKeyTests {

	@ParameterizedTest
	@ValueSource(strings = { "a", "order-1", "3f2b9c1e-8a7d-4c55-9a0e-2f6d1b7c9e01", "client:retry.7_x",
			"1234567890123456789012345678901234567890123456789012345678901234" })
	void acceptsOneToSixtyFourAllowedCharacters(String raw) {
		assertThat(IdempotencyKey.parse(raw).value()).isEqualTo(raw);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " ", "has space", "semi;colon", "slash/", "ümlaut", "line\nbreak",
			"12345678901234567890123456789012345678901234567890123456789012345" })
	void refusesMissingOrMalformedKeys(String raw) {
		assertThatExceptionOfType(MalformedIdempotencyKeyException.class).isThrownBy(() -> IdempotencyKey.parse(raw));
	}

}
