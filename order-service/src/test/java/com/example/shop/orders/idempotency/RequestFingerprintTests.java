package com.example.shop.orders.idempotency;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestFingerprintTests {

	@Test
	void isTheHexSha256OfTheCanonicalForm() {
		assertThat(RequestFingerprint.of("abc").sha256())
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

	@Test
	void isEqualForEqualFormsAndDiffersOtherwise() {
		assertThat(RequestFingerprint.of("place-order/v1\n4:c-42\n1x2\n"))
			.isEqualTo(RequestFingerprint.of("place-order/v1\n4:c-42\n1x2\n"))
			.isNotEqualTo(RequestFingerprint.of("place-order/v1\n4:c-42\n1x3\n"));
	}

}
