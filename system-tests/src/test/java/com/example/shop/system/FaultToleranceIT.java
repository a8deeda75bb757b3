package com.example.shop.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
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

	/**
	 * A refusal by an open breaker takes milliseconds; the bound leaves room for a loaded
	 * machine.
	 */
	private static final Duration FAST_REFUSAL = Duration.ofMillis(1500);

	/** A product read takes milliseconds; the bound leaves room for a loaded machine. */
	private static final Duration FAST_READ = Duration.ofSeconds(1);

	private final ShopClient client = new ShopClient();

	/**
	 * Each test starts from a healthy shop, even after one that failed half-way: product
	 * reads fresh and order-service answering through the gateway (breakers closed).
	 */
	@BeforeEach
	void shopIsHealthy() {
		await().atMost(RECOVERY).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			ShopClient.Answer product = this.client.get(ShopClient.GATEWAY + "/api/products/1");
			assertThat(product.status()).isEqualTo(200);
			assertThat(product.header("X-Degraded")).isNull();
			assertThat(this.client.get(ShopClient.GATEWAY + "/api/orders/" + UUID.randomUUID()).status())
				.isEqualTo(404);
		});
	}

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
		List<String> orders = new ArrayList<>();
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

	@Test
	void productReadsCarryOnAndWritesAnswer503FastWhileThePrimaryIsPaused(LocalShop shop) {
		List<String> before = placeOrders("primary-warm-up", 1);
		assertConfirmedAndChargedOnce(before);

		shop.run("pause", "pg-primary");
		List<String> keys = IntStream.range(0, 8).mapToObj((i) -> "ft-" + UUID.randomUUID()).toList();
		List<Long> writeMillis = new ArrayList<>();
		try {
			for (String key : keys) {
				long start = System.nanoTime();
				ShopClient.Answer refused = this.client.placeOrder(key, "primary-paused", 3, 1);
				writeMillis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
				// Until the breakers open, a write waits for order-service's connection
				// timeout (1 s); on a loaded machine the gateway's 2 s per attempt may
				// run
				// out first and answer 504.
				boolean breakersOpen = writeMillis.size() > keys.size() - 3;
				assertThat(refused.status()).as("write with the primary paused: %s", refused.body())
					.isIn(breakersOpen ? List.of(503) : List.of(503, 504));
				assertThat(refused.header("Retry-After")).isNotBlank();
				assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
			}
			for (int i = 0; i < 10; i++) {
				ShopClient.Answer read = this.client.get(ShopClient.GATEWAY + "/api/products/" + (1 + i));
				assertThat(read.status()).isEqualTo(200);
				assertThat(read.header("X-Degraded")).as("a read served by the replica is not degraded").isNull();
			}
		}
		finally {
			shop.run("resume", "pg-primary");
		}
		System.out.println("Writes with the primary paused answered 503 in (ms): " + writeMillis);
		// The breakers (order-service's orders-db, the gateway's orders) open within the
		// first few writes; every write after that is refused at once.
		assertThat(writeMillis.subList(writeMillis.size() - 3, writeMillis.size()))
			.allSatisfy((millis) -> assertThat(millis).isLessThan(FAST_REFUSAL.toMillis()));

		// The clients retry with the same keys once the primary is back: each gets its
		// order.
		List<String> orders = keys.stream().map((key) -> {
			ShopClient.Answer[] accepted = new ShopClient.Answer[1];
			await().atMost(RECOVERY).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
				accepted[0] = this.client.placeOrder(key, "primary-paused", 3, 1);
				assertThat(accepted[0].status()).isEqualTo(202);
			});
			return accepted[0].body().get("orderId").asText();
		}).toList();
		assertConfirmedAndChargedOnce(orders);
	}

	@Test
	void failoverPromotesTheReplicaAndFailbackRestoresTheFirstPrimary(LocalShop shop) {
		assertConfirmedAndChargedOnce(placeOrders("before-failover", 1));

		String failover = shop.run("failover");
		assertThat(failover).contains("pg-primary fenced", "pg-replica promoted");
		List<String> afterFailover = placeOrdersOnceAccepted("after-failover", 2);
		assertConfirmedAndChargedOnce(afterFailover);
		assertThat(this.client.get(ShopClient.GATEWAY + "/api/products/4").status()).isEqualTo(200);

		// The fenced server comes back as the new primary's replica...
		shop.run("restart", "pg-primary");
		assertThat(shop.run("status")).containsPattern("pg-primary +PostgreSQL 17 streaming replica")
			.containsPattern("pg-replica +PostgreSQL 17 primary");

		// ...and a second failover puts everything back where it started.
		assertThat(shop.run("failover")).contains("pg-replica fenced", "pg-primary promoted");
		shop.run("restart", "pg-replica");
		assertThat(shop.run("status")).containsPattern("pg-primary +PostgreSQL 17 primary")
			.containsPattern("pg-replica +PostgreSQL 17 streaming replica");
		assertConfirmedAndChargedOnce(placeOrdersOnceAccepted("after-failback", 2));
		// What was written while pg-replica was the primary reached pg-primary by
		// streaming.
		assertConfirmedAndChargedOnce(afterFailover);
	}

	@Test
	void aBurstIsRateLimitedPerClientAndReadsStayFastWhilePaymentsAreSlow(LocalShop shop) throws Exception {
		// One client floods the product API: beyond its bucket it gets 429s, others do
		// not.
		// 64 connections at once: far more than its bucket refills, not more than catalog
		// can serve.
		ShopClient flooder = new ShopClient();
		List<ShopClient.Answer> flood = new ArrayList<>();
		long floodStart = System.nanoTime();
		try (var threads = Executors.newFixedThreadPool(64, Thread.ofVirtual().factory())) {
			List<Future<ShopClient.Answer>> calls = IntStream.range(0, 600)
				.mapToObj((i) -> threads.submit(() -> flooder.get(ShopClient.GATEWAY + "/api/products/5")))
				.toList();
			for (Future<ShopClient.Answer> call : calls) {
				flood.add(call.get());
			}
		}
		List<ShopClient.Answer> limited = flood.stream().filter((answer) -> answer.status() == 429).toList();
		System.out.printf("A burst of 600 reads from one client in %d ms: %d answered 429%n",
				Duration.ofNanos(System.nanoTime() - floodStart).toMillis(), limited.size());
		assertThat(limited).isNotEmpty().allSatisfy((answer) -> {
			assertThat(answer.header("Retry-After")).isNotBlank();
			assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		});
		assertThat(flood).allSatisfy((answer) -> assertThat(answer.status()).isIn(200, 429));
		assertThat(this.client.get(ShopClient.GATEWAY + "/api/products/5").status())
			.as("another client during the flood")
			.isEqualTo(200);

		// Payments turn slow; a burst of orders still gets 202 at once (the saga is
		// asynchronous) and product reads stay fast: the slow provider holds only the
		// payment bulkhead's threads.
		shop.run("faults", "--latency", "2000");
		try {
			List<String> orders = new ArrayList<>();
			List<Long> readMillis = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				ShopClient.Answer placed = this.client.placeOrder("ft-" + UUID.randomUUID(), "burst", 2 + (i % 5), 1);
				assertThat(placed.status()).isEqualTo(202);
				orders.add(placed.body().get("orderId").asText());
				long start = System.nanoTime();
				assertThat(this.client.get(ShopClient.GATEWAY + "/api/products/" + (1 + i % 10)).status())
					.isEqualTo(200);
				readMillis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
			}
			System.out.println("Product reads while payments take 2 s each (ms): " + readMillis);
			assertThat(readMillis).allSatisfy((millis) -> assertThat(millis).isLessThan(FAST_READ.toMillis()));
			shop.run("faults", "--off");
			assertConfirmedAndChargedOnce(orders);
		}
		finally {
			shop.run("faults", "--off");
		}
	}

	private List<String> placeOrdersOnceAccepted(String customer, int count) {
		List<String> orders = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String key = "ft-" + UUID.randomUUID();
			long product = 2 + i;
			await().atMost(RECOVERY).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
				ShopClient.Answer answer = this.client.placeOrder(key, customer, product, 1);
				assertThat(answer.status()).as("placing an order (%s): %s", customer, answer.body()).isEqualTo(202);
				orders.add(answer.body().get("orderId").asText());
			});
		}
		return orders;
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
