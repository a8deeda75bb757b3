package com.example.shop.system;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton end to end: the whole shop started by {@code ./shop up} as
 * separate processes, orders placed through the gateway on port 8080, and ARCHITECTURE's
 * invariants 2, 3 and 4 checked against the services' and the payment provider's own
 * data.
 */
@ExtendWith(RunningShop.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderSagaIT {

	private static final Duration SAGA = Duration.ofSeconds(90);

	private static final long PLAIN_PRODUCT = 1;

	private static final long SCARCE_PRODUCT = 19;

	private static final long PRICEY_PRODUCT = 20;

	private static final ShopClient client = new ShopClient();

	/** Every order this class placed, by id. */
	private static final Map<String, Boolean> placed = new ConcurrentHashMap<>();

	private static Map<Long, Integer> initialStock;

	@BeforeAll
	static void recordInitialStock() {
		initialStock = stockLevels();
		assertThat(initialStock).hasSize(20);
	}

	@Test
	@Order(1)
	void confirmsAnOrderAndChargesItsTotalExactlyOnce() {
		ShopClient.Answer answer = client.placeOrder(key(), "c-confirm", PLAIN_PRODUCT, 2);

		assertThat(answer.status()).isEqualTo(202);
		String orderId = answer.body().get("orderId").asText();
		assertThat(answer.header("Location")).isEqualTo("/api/orders/" + orderId);
		assertThat(answer.body().get("status").asText()).isEqualTo("PENDING");
		placed.put(orderId, true);

		JsonNode order = awaitTerminal(orderId);
		assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
		BigDecimal total = order.get("total").decimalValue();
		assertThat(total).isEqualByComparingTo(client.price(PLAIN_PRODUCT).multiply(BigDecimal.TWO));
		JsonNode charges = client.charges(orderId);
		assertThat(charges).hasSize(1);
		assertThat(charges.get(0).get("status").asText()).isEqualTo("APPROVED");
		assertThat(charges.get(0).get("amount").decimalValue()).isEqualByComparingTo(total);
		JsonNode payment = client.get(ShopClient.GATEWAY + "/api/payments/" + orderId).body();
		assertThat(payment.get("status").asText()).isEqualTo("COMPLETED");
	}

	@Test
	@Order(2)
	void rejectsAnOrderForMoreThanTheStockAndChargesNothing() {
		ShopClient.Answer answer = client.placeOrder(key(), "c-greedy", SCARCE_PRODUCT,
				initialStock.get(SCARCE_PRODUCT) + 1);
		assertThat(answer.status()).isEqualTo(202);
		String orderId = answer.body().get("orderId").asText();
		placed.put(orderId, true);

		JsonNode order = awaitTerminal(orderId);
		assertThat(order.get("status").asText()).isEqualTo("REJECTED");
		assertThat(order.get("reason").asText()).isEqualTo("OUT_OF_STOCK");
		assertThat(client.charges(orderId)).isEmpty();
		assertThat(client.stock(SCARCE_PRODUCT)).isEqualTo(initialStock.get(SCARCE_PRODUCT));
	}

	@Test
	@Order(3)
	void rejectsAnOrderTheProviderDeclinesAndReleasesItsStock() {
		ShopClient.Answer answer = client.placeOrder(key(), "c-piano", PRICEY_PRODUCT, 1);
		assertThat(answer.status()).isEqualTo(202);
		String orderId = answer.body().get("orderId").asText();
		placed.put(orderId, true);

		JsonNode order = awaitTerminal(orderId);
		assertThat(order.get("status").asText()).isEqualTo("REJECTED");
		assertThat(order.get("reason").asText()).isEqualTo("PAYMENT_DECLINED");
		JsonNode charges = client.charges(orderId);
		assertThat(charges).hasSize(1);
		assertThat(charges.get(0).get("status").asText()).isEqualTo("DECLINED");
		await().atMost(SAGA)
			.untilAsserted(() -> assertThat(client.stock(PRICEY_PRODUCT)).isEqualTo(initialStock.get(PRICEY_PRODUCT)));
	}

	@Test
	@Order(4)
	void replaysOfOneKeyCreateOneOrder() throws Exception {
		String key = key();
		ShopClient.Answer first = client.placeOrder(key, "c-replay", PLAIN_PRODUCT, 1);
		assertThat(first.status()).isEqualTo(202);
		String orderId = first.body().get("orderId").asText();
		placed.put(orderId, true);

		List<ShopClient.Answer> replays = new ArrayList<>();
		try (var pool = Executors.newFixedThreadPool(8)) {
			List<Future<ShopClient.Answer>> answers = IntStream.range(0, 16)
				.mapToObj((i) -> pool.submit(() -> client.placeOrder(key, "c-replay", PLAIN_PRODUCT, 1)))
				.toList();
			for (Future<ShopClient.Answer> answer : answers) {
				replays.add(answer.get());
			}
		}
		assertThat(replays).allSatisfy((replay) -> {
			assertThat(replay.status()).isEqualTo(202);
			assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
			assertThat(replay.body().get("orderId").asText()).isEqualTo(orderId);
		});
		assertThat(awaitTerminal(orderId).get("status").asText()).isEqualTo("CONFIRMED");
		assertThat(client.charges(orderId)).hasSize(1);
	}

	@Test
	@Order(5)
	void refusesBadRequestsWithProblemDetailsAndStoresNothing() {
		String key = key();
		ShopClient.Answer unknownProduct = client.placeOrder(key, "c-bad", 999_999, 1);
		assertThat(unknownProduct.status()).isEqualTo(400);
		assertThat(unknownProduct.header("Content-Type")).startsWith("application/problem+json");

		// Nothing was stored under the key: the same key with a valid body is a fresh
		// order, not a 422.
		ShopClient.Answer valid = client.placeOrder(key, "c-bad", PLAIN_PRODUCT, 1);
		assertThat(valid.status()).isEqualTo(202);
		placed.put(valid.body().get("orderId").asText(), true);

		assertThat(client.placeOrder(key, "c-bad", PLAIN_PRODUCT, 3).status()).isEqualTo(422);
		assertThat(client.placeOrder(key(), "c-bad", PLAIN_PRODUCT, 0).status()).isEqualTo(400);
		assertThat(client.placeOrder("bad key!", "c-bad", PLAIN_PRODUCT, 1).status()).isEqualTo(400);
		assertThat(client.get(ShopClient.GATEWAY + "/api/orders/" + UUID.randomUUID()).status()).isEqualTo(404);
	}

	@Test
	@Order(6)
	void stockAndMoneyAddUpOverEveryOrder() {
		Map<String, JsonNode> orders = new HashMap<>();
		placed.keySet().forEach((id) -> orders.put(id, awaitTerminal(id)));
		Map<Long, Integer> confirmedQuantities = new HashMap<>();
		BigDecimal confirmedTotal = BigDecimal.ZERO;
		BigDecimal charged = BigDecimal.ZERO;
		for (JsonNode order : orders.values()) {
			String orderId = order.get("orderId").asText();
			List<JsonNode> approved = new ArrayList<>();
			client.charges(orderId).forEach((charge) -> {
				if (charge.get("status").asText().equals("APPROVED")) {
					approved.add(charge);
				}
			});
			assertThat(approved).as("approved charges of order %s", orderId).hasSizeLessThanOrEqualTo(1);
			for (JsonNode charge : approved) {
				charged = charged.add(charge.get("amount").decimalValue());
			}
			if (order.get("status").asText().equals("CONFIRMED")) {
				assertThat(approved).as("charge of confirmed order %s", orderId).hasSize(1);
				confirmedTotal = confirmedTotal.add(order.get("total").decimalValue());
				order.get("items")
					.forEach((item) -> confirmedQuantities.merge(item.get("productId").asLong(),
							item.get("quantity").asInt(), Integer::sum));
			}
			else {
				assertThat(approved).as("charges of rejected order %s", orderId).isEmpty();
			}
		}
		assertThat(charged).isEqualByComparingTo(confirmedTotal);
		await().atMost(SAGA).untilAsserted(() -> {
			Map<Long, Integer> now = stockLevels();
			for (Long productId : Set.copyOf(initialStock.keySet())) {
				assertThat(initialStock.get(productId) - now.get(productId)).as("stock taken of product %d", productId)
					.isEqualTo(confirmedQuantities.getOrDefault(productId, 0));
			}
		});
	}

	private static JsonNode awaitTerminal(String orderId) {
		await().atMost(SAGA)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> !client.order(orderId).get("status").asText().equals("PENDING"));
		return client.order(orderId);
	}

	private static Map<Long, Integer> stockLevels() {
		Map<Long, Integer> stock = new HashMap<>();
		client.get(ShopClient.GATEWAY + "/api/products?size=100")
			.body()
			.get("content")
			.forEach((product) -> stock.put(product.get("id").asLong(), product.get("stock").asInt()));
		return stock;
	}

	private static String key() {
		return "it-" + UUID.randomUUID();
	}

}
