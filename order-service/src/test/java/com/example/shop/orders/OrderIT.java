package com.example.shop.orders;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.example.shop.messaging.OrderPlaced;
import com.example.shop.messaging.OrderRejected;
import com.example.shop.messaging.PaymentCompleted;
import com.example.shop.messaging.PaymentDeclined;
import com.example.shop.messaging.PaymentRequested;
import com.example.shop.messaging.SagaEvent;
import com.example.shop.messaging.StockRejected;
import com.example.shop.messaging.StockReserved;
import com.example.shop.messaging.Topics;
import com.example.shop.orders.order.PlaceOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.jayway.jsonpath.JsonPath;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * order-service against real PostgreSQL and Kafka, with WireMock playing catalog-service
 * and the test playing catalog's and payment's side of the saga on Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestInfrastructureConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// Tracing and the Prometheus registry, as a running service has them (tests leave them
// off unless asked).
@AutoConfigureObservability
class OrderIT {

	private static final String PROBLEMS = "https://shop.example.com/problems/";

	private static final String TWO_OF_PRODUCT_1 = """
			{"customerId":"c-42","items":[{"productId":1,"quantity":2}]}""";

	// long enough for an unwanted event to show up if a duplicate produced one
	private static final Duration QUIET = Duration.ofSeconds(2);

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private WireMockServer catalog;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private KafkaTemplate<String, String> kafka;

	@Autowired
	private ConsumerFactory<Object, Object> consumers;

	@Autowired
	private ObjectMapper json;

	@Autowired
	private MeterRegistry meters;

	private SagaMessages messages;

	@BeforeAll
	void listenToWhatOrderServicePublishes() {
		this.messages = new SagaMessages(this.kafka, this.consumers, this.json, Topics.ORDERS, Topics.PAYMENT_REQUESTS);
	}

	@AfterAll
	void stopListening() {
		this.messages.close();
	}

	@BeforeEach
	void catalogKnowsProducts() {
		this.breakers.circuitBreaker("catalog").reset();
		this.catalog.resetAll();
		this.catalog.stubFor(get("/api/products/1").willReturn(okJson(product(1, "12.50"))));
		this.catalog.stubFor(get("/api/products/2").willReturn(okJson(product(2, "4.99"))));
		this.catalog.stubFor(
				get("/api/products/999").willReturn(notFound().withHeader("Content-Type", "application/problem+json")
					.withBody("{\"type\":\"https://shop.example.com/problems/product-not-found\",\"status\":404}")));
	}

	@Nested
	class Place {

		@Test
		void acceptsAnOrderAndAnnouncesItThroughTheOutbox() throws Exception {
			String key = newKey();

			ResponseEntity<String> response = post(key, """
					{"customerId":"c-42","items":[{"productId":1,"quantity":2},{"productId":2,"quantity":1}]}""");

			assertThat(response.getStatusCode().value()).isEqualTo(202);
			UUID orderId = UUID.fromString(JsonPath.read(response.getBody(), "$.orderId"));
			assertThat(response.getHeaders().getLocation()).hasToString("/api/orders/" + orderId);
			assertThat(response.getHeaders().containsKey("Idempotent-Replayed")).isFalse();
			JSONAssert.assertEquals(
					"""
							{"orderId":"%s","status":"PENDING","reason":null,"customerId":"c-42",
							 "items":[{"productId":1,"quantity":2,"unitPrice":12.50},{"productId":2,"quantity":1,"unitPrice":4.99}],
							 "total":29.99,"priceSource":"CATALOG"}"""
						.formatted(orderId),
					response.getBody(), JSONCompareMode.LENIENT);
			assertThat(response.getBody()).contains("\"total\":29.99", "\"unitPrice\":12.50", "\"reason\":null");

			ResponseEntity<String> read = OrderIT.this.http.getForEntity("/api/orders/" + orderId, String.class);
			assertThat(read.getStatusCode().value()).isEqualTo(200);
			JSONAssert.assertEquals(response.getBody(), read.getBody(), JSONCompareMode.STRICT);

			await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> {
				List<OrderPlaced> placed = OrderIT.this.messages.received(Topics.ORDERS, OrderPlaced.class, orderId);
				assertThat(placed).singleElement().satisfies((event) -> {
					assertThat(event.customerId()).isEqualTo("c-42");
					assertThat(event.total()).isEqualByComparingTo("29.99");
					assertThat(event.lines()).containsExactly(new OrderPlaced.Line(1, 2), new OrderPlaced.Line(2, 1));
				});
			});
			await().atMost(Duration.ofSeconds(10)).until(() -> outboxBacklog(orderId) == 0);
		}

		@Test
		void pricesAndAnnouncesTheOrderInTheTraceOfItsRequest() {
			String traceId = UUID.randomUUID().toString().replace("-", "");
			HttpHeaders headers = new HttpHeaders();
			headers.setContentType(MediaType.APPLICATION_JSON);
			headers.set("Idempotency-Key", newKey());
			headers.set("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

			ResponseEntity<String> response = OrderIT.this.http.exchange("/api/orders", HttpMethod.POST,
					new HttpEntity<>(TWO_OF_PRODUCT_1, headers), String.class);

			assertThat(response.getStatusCode().value()).isEqualTo(202);
			UUID orderId = UUID.fromString(JsonPath.read(response.getBody(), "$.orderId"));
			assertThat(OrderIT.this.catalog.findAll(getRequestedFor(urlEqualTo("/api/products/1"))))
				.as("the catalog call")
				.singleElement()
				.satisfies((call) -> assertThat(call.getHeader("traceparent")).startsWith("00-" + traceId + "-"));
			await().atMost(Duration.ofSeconds(30))
				.pollInSameThread()
				.untilAsserted(() -> assertThat(OrderIT.this.messages.headers(Topics.ORDERS, orderId, "traceparent"))
					.as("OrderPlaced, published later by the relay")
					.singleElement()
					.satisfies((traceparent) -> assertThat(traceparent).startsWith("00-" + traceId + "-")));
		}

		@Test
		void replaysFirstAnswerForSameIdempotencyKey() {
			String key = newKey();
			double pending = orders("PENDING", "none");
			ResponseEntity<String> first = post(key, TWO_OF_PRODUCT_1);

			ResponseEntity<String> retry = post(key, TWO_OF_PRODUCT_1);

			assertThat(first.getStatusCode().value()).isEqualTo(202);
			assertThat(retry.getStatusCode()).isEqualTo(first.getStatusCode());
			assertThat(retry.getBody()).isEqualTo(first.getBody());
			assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
			assertThat(retry.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
			assertThat(ordersWithKey(key)).isOne();
			OrderIT.this.catalog.verify(1, getRequestedFor(urlEqualTo("/api/products/1")));
			assertThat(orders("PENDING", "none")).as("shop_orders_total{status=PENDING}, once for both")
				.isEqualTo(pending + 1);
		}

		@Test
		void refusesSameKeyWithDifferentBody() {
			String key = newKey();
			post(key, TWO_OF_PRODUCT_1);

			ResponseEntity<String> other = post(key, """
					{"customerId":"c-42","items":[{"productId":1,"quantity":3}]}""");

			assertProblem(other, 422, "idempotency-key-reused");
			assertThat(ordersWithKey(key)).isOne();
		}

		@Test
		void answersConflictWhileTheFirstRequestIsInFlight() {
			OrderIT.this.catalog.stubFor(get("/api/products/7")
				.willReturn(okJson(product(7, "30.00")).withFixedDelay((int) Duration.ofSeconds(2).toMillis())));
			String key = newKey();
			String body = """
					{"customerId":"c-42","items":[{"productId":7,"quantity":1}]}""";
			CompletableFuture<ResponseEntity<String>> first = CompletableFuture.supplyAsync(() -> post(key, body));
			await().atMost(Duration.ofSeconds(5)).until(() -> "IN_FLIGHT".equals(keyStatus(key)));

			ResponseEntity<String> meanwhile = post(key, body);

			assertProblem(meanwhile, 409, "request-in-flight");
			assertThat(meanwhile.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
			assertThat(first.join().getStatusCode().value()).isEqualTo(202);
			ResponseEntity<String> later = post(key, body);
			assertThat(later.getBody()).isEqualTo(first.join().getBody());
			assertThat(ordersWithKey(key)).isOne();
		}

		@Test
		void takesOverAClaimAbandonedByADeadInstance() {
			String key = newKey();
			claimAsADeadInstance(key, "1 minute");

			ResponseEntity<String> response = post(key, TWO_OF_PRODUCT_1);

			assertThat(response.getStatusCode().value()).isEqualTo(202);
			assertThat(keyStatus(key)).isEqualTo("COMPLETED");
			assertThat(ordersWithKey(key)).isOne();
		}

		@Test
		void waitsForAFreshClaimOfAnotherInstance() {
			String key = newKey();
			claimAsADeadInstance(key, "1 second");

			assertProblem(post(key, TWO_OF_PRODUCT_1), 409, "request-in-flight");
			assertThat(ordersWithKey(key)).isZero();
		}

		@Test
		void storesNothingForAnUnknownProductSoTheKeyCanBeRetried() {
			String key = newKey();
			String body = """
					{"customerId":"c-42","items":[{"productId":1,"quantity":1},{"productId":999,"quantity":1}]}""";

			ResponseEntity<String> response = post(key, body);

			assertProblem(response, 400, "unknown-product");
			assertThat(ordersWithKey(key)).isZero();
			assertThat(keyStatus(key)).isNull();

			OrderIT.this.catalog.stubFor(get("/api/products/999").willReturn(okJson(product(999, "1.00"))));
			assertThat(post(key, body).getStatusCode().value()).isEqualTo(202);
		}

		@Test
		void storesNothingWhileCatalogFailsForAProductItNeverPriced() {
			OrderIT.this.catalog.stubFor(get("/api/products/11").willReturn(serverError()));
			String key = newKey();

			ResponseEntity<String> response = post(key, """
					{"customerId":"c-42","items":[{"productId":11,"quantity":1}]}""");

			assertProblem(response, 503, "catalog-unavailable");
			assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
			assertThat(ordersWithKey(key)).isZero();
			assertThat(keyStatus(key)).isNull();
		}

		@Test
		void storesNothingWithoutAValidKeyOrBody() {
			long keysBefore = allKeys();

			assertProblem(post(null, TWO_OF_PRODUCT_1), 400, "invalid-idempotency-key");
			assertProblem(post("not a key", TWO_OF_PRODUCT_1), 400, "invalid-idempotency-key");
			assertProblem(post(newKey(), "{\"customerId\":\"c-42\",\"items\":[]}"), 400, "invalid-request");
			assertProblem(post(newKey(), "{\"customerId\":"), 400, "malformed-request");

			assertThat(allKeys()).isEqualTo(keysBefore);
		}

		@Test
		void answersNotFoundForAnUnknownOrder() {
			ResponseEntity<String> response = OrderIT.this.http.getForEntity("/api/orders/" + UUID.randomUUID(),
					String.class);

			assertProblem(response, 404, "order-not-found");
		}

	}

	@Nested
	class Saga {

		@Test
		void requestsPaymentOnceStockIsReservedAndConfirmsWhenPaid() throws Exception {
			double confirmed = orders("CONFIRMED", "none");
			String key = newKey();
			UUID orderId = place(key);

			publish(Topics.STOCK, StockReserved.of(orderId));

			PaymentRequested request = awaitSingle(Topics.PAYMENT_REQUESTS, PaymentRequested.class, orderId);
			assertThat(request.idempotencyKey()).isEqualTo(key);
			assertThat(request.amount()).isEqualByComparingTo("25.00");
			assertThat(request.customerId()).isEqualTo("c-42");
			assertThat(status(orderId)).isEqualTo("PENDING");

			long version = version(orderId);
			publish(Topics.STOCK, StockReserved.of(orderId));
			await().during(QUIET)
				.atMost(QUIET.plusSeconds(5))
				.pollInSameThread()
				.until(() -> received(Topics.PAYMENT_REQUESTS, PaymentRequested.class, orderId).size() == 1
						&& version(orderId) == version);

			publish(Topics.PAYMENTS, PaymentCompleted.of(orderId, "ch_1", new BigDecimal("25.00")));
			await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(orderId)));

			long confirmedVersion = version(orderId);
			publish(Topics.PAYMENTS, PaymentCompleted.of(orderId, "ch_1", new BigDecimal("25.00")));
			await().during(QUIET)
				.atMost(QUIET.plusSeconds(5))
				.until(() -> version(orderId) == confirmedVersion && "CONFIRMED".equals(status(orderId)));
			assertThat(received(Topics.ORDERS, OrderRejected.class, orderId)).isEmpty();
			assertThat(orders("CONFIRMED", "none")).as("counted once, the duplicate not").isEqualTo(confirmed + 1);
		}

		@Test
		void rejectsAnOrderWhenStockRunsOut() throws Exception {
			double rejected = orders("REJECTED", "OUT_OF_STOCK");
			UUID orderId = place(newKey());

			publish(Topics.STOCK, StockRejected.of(orderId, "OUT_OF_STOCK"));

			await().atMost(Duration.ofSeconds(30)).until(() -> "REJECTED".equals(status(orderId)));
			ResponseEntity<String> read = OrderIT.this.http.getForEntity("/api/orders/" + orderId, String.class);
			assertThat((String) JsonPath.read(read.getBody(), "$.reason")).isEqualTo("OUT_OF_STOCK");

			long version = version(orderId);
			publish(Topics.STOCK, StockRejected.of(orderId, "OUT_OF_STOCK"));
			await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> version(orderId) == version);
			assertThat(received(Topics.PAYMENT_REQUESTS, PaymentRequested.class, orderId)).isEmpty();
			assertThat(received(Topics.ORDERS, OrderRejected.class, orderId)).isEmpty();
			assertThat(orders("REJECTED", "OUT_OF_STOCK")).as("counted once, the duplicate not")
				.isEqualTo(rejected + 1);
		}

		@Test
		void rejectsAnOrderAndReleasesItsStockWhenPaymentIsDeclined() throws Exception {
			double declinedBefore = orders("REJECTED", "PAYMENT_DECLINED");
			UUID orderId = place(newKey());
			publish(Topics.STOCK, StockReserved.of(orderId));
			awaitSingle(Topics.PAYMENT_REQUESTS, PaymentRequested.class, orderId);

			publish(Topics.PAYMENTS, PaymentDeclined.of(orderId, "CARD_LIMIT_EXCEEDED"));

			OrderRejected rejected = awaitSingle(Topics.ORDERS, OrderRejected.class, orderId);
			assertThat(rejected.reason()).isEqualTo("PAYMENT_DECLINED");
			ResponseEntity<String> read = OrderIT.this.http.getForEntity("/api/orders/" + orderId, String.class);
			assertThat((String) JsonPath.read(read.getBody(), "$.status")).isEqualTo("REJECTED");
			assertThat((String) JsonPath.read(read.getBody(), "$.reason")).isEqualTo("PAYMENT_DECLINED");

			long version = version(orderId);
			publish(Topics.PAYMENTS, PaymentDeclined.of(orderId, "CARD_LIMIT_EXCEEDED"));
			await().during(QUIET)
				.atMost(QUIET.plusSeconds(5))
				.pollInSameThread()
				.until(() -> received(Topics.ORDERS, OrderRejected.class, orderId).size() == 1
						&& version(orderId) == version);
			assertThat(orders("REJECTED", "PAYMENT_DECLINED")).as("counted once, the duplicate not")
				.isEqualTo(declinedBefore + 1);
		}

		private UUID place(String key) {
			ResponseEntity<String> response = post(key, TWO_OF_PRODUCT_1);
			assertThat(response.getStatusCode().value()).isEqualTo(202);
			return UUID.fromString(JsonPath.read(response.getBody(), "$.orderId"));
		}

		private <T extends SagaEvent> T awaitSingle(String topic, Class<T> type, UUID orderId) {
			return await().atMost(Duration.ofSeconds(30))
				.pollInSameThread()
				.until(() -> received(topic, type, orderId), (events) -> !events.isEmpty())
				.get(0);
		}

	}

	@Nested
	class Metrics {

		@Test
		void exposesTheOrderAndResilienceMetersToPrometheus() {
			// The dead letters are counted in the background, a few seconds after
			// startup.
			String scrape = await().atMost(Duration.ofSeconds(30))
				.until(() -> OrderIT.this.http.getForObject("/actuator/prometheus", String.class),
						(text) -> text.contains("shop_deadletters_waiting{"));

			assertThat(scrape).contains("shop_orders_total{reason=\"none\",status=\"PENDING\"}",
					"shop_orders_total{reason=\"PAYMENT_DECLINED\",status=\"REJECTED\"}", "outbox_backlog ",
					"shop_deadletters_waiting{topic=\"shop.stock-dlt\"}");
			for (String breaker : List.of("catalog", "orders-db")) {
				assertThat(series(scrape, "resilience4j_circuitbreaker_state", breaker)).isNotEmpty();
				assertThat(series(scrape, "resilience4j_circuitbreaker_failure_rate", breaker)).isNotEmpty();
			}
			assertThat(series(scrape, "resilience4j_bulkhead_available_concurrent_calls", "catalog")).isNotEmpty();
			assertThat(series(scrape, "resilience4j_bulkhead_max_allowed_concurrent_calls", "catalog")).isNotEmpty();
			assertThat(series(scrape, "resilience4j_retry_calls_total", "catalog")).isNotEmpty();
		}

		private static List<String> series(String scrape, String metric, String name) {
			return scrape.lines()
				.filter((line) -> line.startsWith(metric + "{") && line.contains("name=\"" + name + "\""))
				.toList();
		}

	}

	private double orders(String status, String reason) {
		return this.meters.get("shop.orders").tag("status", status).tag("reason", reason).counter().count();
	}

	private ResponseEntity<String> post(String key, String body) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		if (key != null) {
			headers.set("Idempotency-Key", key);
		}
		return this.http.exchange("/api/orders", HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
	}

	private void publish(String topic, SagaEvent event) throws Exception {
		this.messages.publish(topic, event);
	}

	private <T extends SagaEvent> List<T> received(String topic, Class<T> type, UUID orderId) {
		return this.messages.received(topic, type, orderId);
	}

	private void claimAsADeadInstance(String key, String ago) {
		String fingerprint = new PlaceOrder("c-42", List.of(new PlaceOrder.Item(1, 2))).fingerprint().sha256();
		this.jdbc
			.sql("""
					INSERT INTO idempotency_key (key, request_fingerprint, status, claim_token, claimed_at, created_at, updated_at)
					VALUES (:key, :fingerprint, 'IN_FLIGHT', :token, now() - CAST(:ago AS interval), now(), now())
					""")
			.param("key", key)
			.param("fingerprint", fingerprint)
			.param("token", UUID.randomUUID())
			.param("ago", ago)
			.update();
	}

	private String status(UUID orderId) {
		return this.jdbc.sql("SELECT status FROM orders WHERE id = ?").param(orderId).query(String.class).single();
	}

	private long version(UUID orderId) {
		return this.jdbc.sql("SELECT version FROM orders WHERE id = ?").param(orderId).query(Long.class).single();
	}

	private long ordersWithKey(String key) {
		return this.jdbc.sql("SELECT count(*) FROM orders WHERE idempotency_key = ?")
			.param(key)
			.query(Long.class)
			.single();
	}

	private String keyStatus(String key) {
		return this.jdbc.sql("SELECT status FROM idempotency_key WHERE key = ?")
			.param(key)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private long allKeys() {
		return this.jdbc.sql("SELECT count(*) FROM idempotency_key").query(Long.class).single();
	}

	private long outboxBacklog(UUID orderId) {
		return this.jdbc.sql("SELECT count(*) FROM outbox_event WHERE message_key = ?")
			.param(orderId.toString())
			.query(Long.class)
			.single();
	}

	private static void assertProblem(ResponseEntity<String> response, int status, String type) {
		assertThat(response.getStatusCode().value()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat((String) JsonPath.read(response.getBody(), "$.type")).isEqualTo(PROBLEMS + type);
	}

	private static String newKey() {
		return "it-" + UUID.randomUUID();
	}

	private static String product(long id, String price) {
		return """
				{"id":%d,"name":"Product %d","description":"A product","price":%s,"stock":40}""".formatted(id, id,
				price);
	}

}
