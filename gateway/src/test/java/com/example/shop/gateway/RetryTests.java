package com.example.shop.gateway;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries only where repeating is safe and can help: GETs on 502, 504, I/O errors and
 * timeouts; POSTs that carry an Idempotency-Key only when the attempt surely did not run
 * to its end (502, I/O errors; not a timeout); never a 4xx or the service's own 503;
 * three attempts at most.
 */
// A generous client timeout: the first calls of a context are slow on a busy machine.
@AutoConfigureWebTestClient(timeout = "20s")
// Each class has its own services; its gateway (and its health checks) stop with it.
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RetryTests {

	@RegisterExtension
	static final ShopServices services = new ShopServices();

	private static final WireMockServer payment = services.payment;

	private static final List<WireMockServer> orders = List.of(services.order1, services.order2);

	private static final String ORDER = """
			{"customerId":"c-42","items":[{"productId":1,"quantity":2}]}""";

	@Autowired
	private WebTestClient client;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@BeforeEach
	void reset() {
		this.breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
	}

	@Test
	void retriesAFailingGetThreeTimesInAll() {
		payment.stubFor(get(urlPathMatching("/api/payments/.*")).willReturn(aResponse().withStatus(502)));

		this.client.get().uri("/api/payments/p-1").exchange().expectStatus().is5xxServerError();

		// Retry retries: 2 → three attempts
		assertThat(ShopServices.apiRequests(payment)).isEqualTo(3);
	}

	@Test
	void neverRetriesTheServicesOwn503() {
		payment.stubFor(get(urlPathMatching("/api/payments/.*"))
			.willReturn(aResponse().withStatus(503).withHeader("Retry-After", "5")));

		this.client.get().uri("/api/payments/p-5").exchange().expectStatus().isEqualTo(503);

		assertThat(ShopServices.apiRequests(payment)).isEqualTo(1);
	}

	@Test
	void answersWithTheFirstSuccessfulAttempt() {
		payment.stubFor(get("/api/payments/p-2").inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(502))
			.willSetStateTo("recovered"));
		payment.stubFor(get("/api/payments/p-2").inScenario("flaky")
			.whenScenarioStateIs("recovered")
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"status\":\"COMPLETED\"}")));

		this.client.get()
			.uri("/api/payments/p-2")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("COMPLETED");

		assertThat(ShopServices.apiRequests(payment)).isEqualTo(2);
	}

	@Test
	void neverRetriesAClientError() {
		payment.stubFor(get(urlPathMatching("/api/payments/.*")).willReturn(aResponse().withStatus(404)));
		orders.forEach((order) -> order.stubFor(post("/api/orders").willReturn(aResponse().withStatus(409))));

		this.client.get().uri("/api/payments/p-3").exchange().expectStatus().isNotFound();
		placeOrder("key-409").exchange().expectStatus().isEqualTo(409);

		assertThat(ShopServices.apiRequests(payment)).isEqualTo(1);
		assertThat(orderRequests()).isEqualTo(1);
	}

	@Test
	void retriesAPostThatCarriesAnIdempotencyKeyWhenItSurelyDidNotRun() {
		orders.forEach((order) -> order
			.stubFor(post("/api/orders").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))));

		placeOrder("key-1").exchange().expectStatus().is5xxServerError();

		assertThat(orderRequests()).isEqualTo(3);
	}

	@Test
	void neverRetriesAKeyedPostThatTimedOut() {
		// Past the route's 2 s response timeout: the first attempt may still be running.
		orders.forEach((order) -> order
			.stubFor(post("/api/orders").willReturn(aResponse().withStatus(202).withFixedDelay(3000))));

		placeOrder("key-slow").exchange().expectStatus().isEqualTo(504);

		assertThat(orderRequests()).isEqualTo(1);
	}

	@Test
	void neverRetriesAPostWithoutAnIdempotencyKey() {
		orders.forEach((order) -> order.stubFor(post("/api/orders").willReturn(aResponse().withStatus(502))));

		this.client.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ORDER)
			.exchange()
			.expectStatus()
			.is5xxServerError();

		assertThat(orderRequests()).isEqualTo(1);
	}

	private WebTestClient.RequestHeadersSpec<?> placeOrder(String key) {
		return this.client.post()
			.uri("/api/orders")
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ORDER);
	}

	private static int orderRequests() {
		return orders.stream().mapToInt(ShopServices::apiRequests).sum();
	}

}
