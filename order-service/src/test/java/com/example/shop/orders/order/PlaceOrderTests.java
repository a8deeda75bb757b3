package com.example.shop.orders.order;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlaceOrderTests {

	@Test
	void fingerprintIsStableAcrossEqualRequests() {
		PlaceOrder first = new PlaceOrder("c-42", List.of(new PlaceOrder.Item(1, 2), new PlaceOrder.Item(7, 1)));
		PlaceOrder retry = new PlaceOrder("c-42", List.of(new PlaceOrder.Item(1, 2), new PlaceOrder.Item(7, 1)));

		assertThat(retry.fingerprint()).isEqualTo(first.fingerprint());
		assertThat(first.fingerprint().sha256()).hasSize(64).matches("[0-9a-f]{64}");
	}

	@Test
	void fingerprintIgnoresTheOrderOfItems() {
		PlaceOrder first = new PlaceOrder("c-42", List.of(new PlaceOrder.Item(1, 2), new PlaceOrder.Item(7, 1)));
		PlaceOrder reordered = new PlaceOrder("c-42", List.of(new PlaceOrder.Item(7, 1), new PlaceOrder.Item(1, 2)));

		assertThat(reordered.fingerprint()).isEqualTo(first.fingerprint());
	}

	@Test
	void fingerprintDiffersWhenTheBodyDiffers() {
		PlaceOrder first = new PlaceOrder("c-42", List.of(new PlaceOrder.Item(1, 2)));

		assertThat(new PlaceOrder("c-42", List.of(new PlaceOrder.Item(1, 3))).fingerprint())
			.isNotEqualTo(first.fingerprint());
		assertThat(new PlaceOrder("c-42", List.of(new PlaceOrder.Item(2, 2))).fingerprint())
			.isNotEqualTo(first.fingerprint());
		assertThat(new PlaceOrder("c-43", List.of(new PlaceOrder.Item(1, 2))).fingerprint())
			.isNotEqualTo(first.fingerprint());
		assertThat(new PlaceOrder("c-42", List.of(new PlaceOrder.Item(1, 2), new PlaceOrder.Item(3, 1))).fingerprint())
			.isNotEqualTo(first.fingerprint());
	}

	@Test
	void customerIdCannotImitateItems() {
		PlaceOrder honest = new PlaceOrder("c", List.of(new PlaceOrder.Item(1, 2), new PlaceOrder.Item(3, 4)));
		PlaceOrder forged = new PlaceOrder("c\n1x2", List.of(new PlaceOrder.Item(3, 4)));

		assertThat(forged.fingerprint()).isNotEqualTo(honest.fingerprint());
	}

}
