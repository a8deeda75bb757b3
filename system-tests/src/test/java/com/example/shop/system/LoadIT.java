package com.example.shop.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./shop load} against the whole shop, and the business invariants checked from
 * its call log and the shop's own data: every call logged, one order per idempotency key
 * (retries replayed), every accepted order settled, confirmed orders charged exactly
 * once, rejected ones never, and the provider's declines rejected for that reason.
 */
@ExtendWith(RunningShop.class)
class LoadIT {

	private static final ObjectMapper json = new ObjectMapper();

	private final ShopClient client = new ShopClient();

	@Test
	void everyOrderTheLoadPlacedSettlesOnceAndIsChargedAtMostOnce(LocalShop shop) throws IOException {
		Path log = Path.of("target", "load", "calls.jsonl").toAbsolutePath();
		Files.deleteIfExists(log);

		String output = shop.run("load", "--rate", "10", "--duration", "10s", "--log", log.toString());
		System.out
			.println(output.lines().filter((line) -> !line.contains(" in-flight ")).collect(Collectors.joining("\n")));

		List<JsonNode> calls = Files.readAllLines(log).stream().map(LoadIT::parse).toList();
		assertThat(calls).as("every call of 10/s for 10 s is logged").hasSize(100);
		assertThat(calls).allSatisfy((call) -> assertThat(call.has("status")).isTrue());

		// One order per key: a retried key is answered with the first order, replayed.
		Map<String, String> orderByKey = new HashMap<>();
		calls.stream().filter((call) -> call.path("status").asInt() == 202).forEach((call) -> {
			String key = call.get("idempotencyKey").asText();
			String orderId = call.get("orderId").asText();
			String first = orderByKey.putIfAbsent(key, orderId);
			if (first != null) {
				assertThat(orderId).as("the order of key %s", key).isEqualTo(first);
				assertThat(call.path("replayed").asBoolean()).as("a repeated key is replayed").isTrue();
			}
		});
		assertThat(orderByKey).as("orders accepted").isNotEmpty();

		// No lost order: each settles, confirmed ones charged once, rejected ones never.
		Map<String, String> productOfOrder = new HashMap<>();
		calls.stream()
			.filter((call) -> call.path("status").asInt() == 202)
			.forEach((call) -> productOfOrder.put(call.get("orderId").asText(),
					call.get("body").get("items").get(0).get("productId").asText()));
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(orderByKey.values())
				.allSatisfy((id) -> assertThat(status(id)).isIn("CONFIRMED", "REJECTED")));
		assertThat(orderByKey.values()).allSatisfy((id) -> {
			JsonNode order = this.client.order(id);
			long approved = approvedCharges(id);
			if (order.get("status").asText().equals("CONFIRMED")) {
				assertThat(approved).as("approved charges of confirmed order %s", id).isEqualTo(1);
			}
			else {
				assertThat(approved).as("approved charges of rejected order %s", id).isZero();
			}
			if (productOfOrder.get(id).equals("20")) {
				assertThat(order.get("status").asText()).isEqualTo("REJECTED");
				assertThat(order.get("reason").asText()).isEqualTo("PAYMENT_DECLINED");
			}
		});
	}

	private String status(String orderId) {
		return this.client.order(orderId).get("status").asText();
	}

	private long approvedCharges(String orderId) {
		JsonNode charges = this.client.charges(orderId);
		long approved = 0;
		for (JsonNode charge : charges) {
			if (charge.get("status").asText().equals("APPROVED")) {
				approved++;
			}
		}
		return approved;
	}

	private static JsonNode parse(String line) {
		try {
			return json.readTree(line);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Not a JSON line: " + line, ex);
		}
	}

}
