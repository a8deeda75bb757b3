package com.example.shop.system;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CI subset of the chaos scenarios in {@code chaos/}, the three whose fault only
 * shows under load (catalog and the replica killed are {@link FaultToleranceIT}'s, with
 * the same invariants): each runs with {@code ./shop chaos} under load on the whole shop,
 * and fails (exit 1) if any invariant broke: no lost order, no double charge, one order
 * per key, stock and money add up, every call answered within budget, every order
 * settled.
 */
@ExtendWith(RunningShop.class)
class ChaosIT {

	private final ShopClient client = new ShopClient();

	@ParameterizedTest
	@ValueSource(strings = { "payment-killed", "order-instance-killed", "kafka-down" })
	void everyInvariantHoldsThroughTheScenario(String scenario, LocalShop shop) {
		// Every part up and answering, whatever ran before.
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			ShopClient.Answer product = this.client.get(ShopClient.GATEWAY + "/api/products/1");
			assertThat(product.status()).isEqualTo(200);
			assertThat(product.header("X-Degraded")).isNull();
			assertThat(this.client.get(ShopClient.GATEWAY + "/api/orders/" + UUID.randomUUID()).status())
				.isEqualTo(404);
		});

		String output = shop.run("chaos", "chaos/" + scenario + ".yml");

		System.out.println(output.lines().filter((line) -> !line.contains(" in-flight ")).toList());
		assertThat(output).contains("HELD   no lost order", "HELD   no double charge").doesNotContain("BROKEN");
	}

}
