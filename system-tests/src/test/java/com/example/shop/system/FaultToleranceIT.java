package com.example.shop.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rows of ARCHITECTURE's fault table on the whole shop: break a part with
 * {@code ./shop kill}, check the degraded answer, bring it back with
 * {@code ./shop restart}, and check that nothing was lost or charged twice.
 */
@ExtendWith(RunningShop.class)
class FaultToleranceIT {

	private static final Duration RECOVERY = Duration.ofSeconds(120);

	private final ShopClient client = new ShopClient();

	@Test
	void ordersWaitWhilePaymentServiceIsDownAndConfirmOnceItIsBack(LocalShop shop) {
		shop.run("kill", "payment");
		List<String> orders = placeOrders("payment-down", 3);

		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(orders).allSatisfy((id) -> assertThat(status(id)).isEqualTo("PENDING")));

		shop.run("restart", "payment");
		assertConfirmedAndChargedOnce(orders);
	}

	@Test
	void paymentsKeepRetryingWhileTheProviderIsDownAndChargeOnceItIsBack(LocalShop shop) {
		shop.run("kill", "provider");
		List<String> orders = placeOrders("provider-down", 3);

		await().atMost(RECOVERY).untilAsserted(() -> assertThat(orders).allSatisfy((id) -> {
			JsonNode payment = this.client.get(ShopClient.GATEWAY + "/api/payments/" + id).body();
			assertThat(payment.get("status").asText()).isEqualTo("PENDING");
			assertThat(payment.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
		}));
		assertThat(orders).allSatisfy((id) -> assertThat(status(id)).isEqualTo("PENDING"));

		shop.run("restart", "provider");
		assertConfirmedAndChargedOnce(orders);
	}

	@Test
	void ordersAreAcceptedWhileKafkaIsDownAndTheOutboxDrainsByItself(LocalShop shop) throws SQLException {
		shop.run("kill", "kafka");
		List<String> orders = placeOrders("kafka-down", 3);
		assertThat(outboxBacklog("orders")).isGreaterThanOrEqualTo(3);

		shop.run("restart", "kafka");
		assertConfirmedAndChargedOnce(orders);
		await().atMost(RECOVERY).untilAsserted(() -> assertThat(outboxBacklog("orders")).isZero());
	}

	@Test
	void productReadsAndOrdersCarryOnWhileTheReplicaIsDown(LocalShop shop) {
		shop.run("kill", "pg-replica");
		IntStream.range(0, 20)
			.forEach(
					(i) -> assertThat(this.client.get(ShopClient.GATEWAY + "/api/products/1").status()).isEqualTo(200));
		List<String> orders = placeOrders("replica-down", 2);
		assertConfirmedAndChargedOnce(orders);

		shop.run("restart", "pg-replica");
		assertThat(this.client.get(ShopClient.GATEWAY + "/api/products?size=5").status()).isEqualTo(200);
	}

	@Test
	void catalogReadsComeFromTheGatewayCacheAndOrdersUseLastKnownPricesWhileCatalogIsDown(LocalShop shop) {
		long product = 7;
		assertThat(this.client.get(ShopClient.GATEWAY + "/api/products/" + product).status()).isEqualTo(200);
		// both order-service instances learn the price (the gateway alternates between
		// them)
		List<String> warmUp = IntStream.range(0, 4)
			.mapToObj((i) -> this.client.placeOrder("ft-" + UUID.randomUUID(), "catalog-warm-up", product, 1))
			.map((answer) -> answer.body().get("orderId").asText())
			.toList();
		assertConfirmedAndChargedOnce(warmUp);

		shop.run("kill", "catalog");
		ShopClient.Answer read = this.client.get(ShopClient.GATEWAY + "/api/products/" + product);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.header("X-Degraded")).isEqualTo("catalog-cache");
		assertThat(read.header("Age")).isNotNull();
		assertThat(read.body().get("id").asLong()).isEqualTo(product);
		List<String> orders = IntStream.range(0, 2).mapToObj((i) -> {
			ShopClient.Answer answer = this.client.placeOrder("ft-" + UUID.randomUUID(), "catalog-down", product, 1);
			assertThat(answer.status()).isEqualTo(202);
			assertThat(answer.body().get("priceSource").asText()).isEqualTo("CACHE");
			return answer.body().get("orderId").asText();
		}).toList();

		shop.run("restart", "catalog");
		assertConfirmedAndChargedOnce(orders);
	}

	@Test
	void theGatewayRoutesAroundADeadOrderInstanceWithoutFailingIdempotentRequests(LocalShop shop) {
		String known = placeOrders("instance-warm-up", 1).get(0);
		shop.run("kill", "order-1");
		List<String> orders = new java.util.ArrayList<>();
		for (int i = 0; i < 20; i++) {
			ShopClient.Answer placed = this.client.placeOrder("ft-" + UUID.randomUUID(), "instance-down", 2, 1);
			assertThat(placed.status()).as("keyed POST %d with order-1 dead", i).isEqualTo(202);
			orders.add(placed.body().get("orderId").asText());
			assertThat(this.client.get(ShopClient.GATEWAY + "/api/orders/" + known).status())
				.as("GET %d with order-1 dead", i)
				.isEqualTo(200);
		}
		shop.run("restart", "order-1");
		assertConfirmedAndChargedOnce(orders);
	}

	private List<String> placeOrders(String customer, int count) {
		return IntStream.range(0, count).mapToObj((i) -> {
			ShopClient.Answer answer = this.client.placeOrder("ft-" + UUID.randomUUID(), customer, 2 + i, 1);
			assertThat(answer.status()).as("placing an order while %s", customer).isEqualTo(202);
			return answer.body().get("orderId").asText();
		}).toList();
	}

	private void assertConfirmedAndChargedOnce(List<String> orders) {
		await().atMost(RECOVERY)
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(orders).allSatisfy((id) -> assertThat(status(id)).isEqualTo("CONFIRMED")));
		assertThat(orders).allSatisfy((id) -> {
			JsonNode charges = this.client.charges(id);
			assertThat(charges).hasSize(1);
			assertThat(charges.get(0).get("status").asText()).isEqualTo("APPROVED");
		});
	}

	private String status(String orderId) {
		return this.client.order(orderId).get("status").asText();
	}

	private static long outboxBacklog(String database) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:55432/" + database,
				"shop", "")) {
			ResultSet result = connection.createStatement().executeQuery("SELECT count(*) FROM outbox_event");
			result.next();
			return result.getLong(1);
		}
	}

}
