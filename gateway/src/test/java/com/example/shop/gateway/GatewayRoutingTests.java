package com.example.shop.gateway;

import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
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
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's routes against WireMock servers standing in for catalog, two
 * order-service instances and payment, over real HTTP.
 */
// A generous client timeout: the first calls of a context are slow on a busy machine.
@AutoConfigureWebTestClient(timeout = "20s")
// Each class has its own services; its gateway (and its health checks) stop with it.
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class GatewayRoutingTests {

	@RegisterExtension
	static final ShopServices services = new ShopServices();

	private static final WireMockServer catalog = services.catalog;

	private static final WireMockServer order1 = services.order1;

	private static final WireMockServer order2 = services.order2;

	private static final WireMockServer payment = services.payment;

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@Test
	void routesProductReadsToCatalog() {
		catalog.stubFor(json(get("/api/products/1"), 200, """
				{"id":1,"name":"Espresso cup","price":12.50,"stock":40}"""));

		this.client.get()
			.uri("/api/products/1")
			.header("X-Request-Id", "r-1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("""
					{"id":1,"name":"Espresso cup","price":12.50,"stock":40}""");

		catalog.verify(getRequestedFor(urlEqualTo("/api/products/1")).withHeader("X-Request-Id", equalTo("r-1")));
	}

	@Test
	void routesTheProductListWithItsQueryToCatalog() {
		catalog.stubFor(json(get(urlPathMatching("/api/products")), 200, """
				{"content":[],"page":{"size":5,"number":1,"totalElements":0,"totalPages":0}}"""));

		this.client.get().uri("/api/products?page=1&size=5").exchange().expectStatus().isOk();

		catalog.verify(getRequestedFor(urlEqualTo("/api/products?page=1&size=5")));
	}

	@Test
	void routesAnOrderWithMethodHeadersAndBodyIntact() {
		String body = """
				{"customerId":"c-42","items":[{"productId":1,"quantity":2}]}""";
		String orderId = UUID.randomUUID().toString();
		for (WireMockServer order : List.of(order1, order2)) {
			order.stubFor(post("/api/orders").willReturn(aResponse().withStatus(202)
				.withHeader("Location", "/api/orders/" + orderId)
				.withHeader("Content-Type", "application/json")
				.withBody("""
						{"orderId":"%s","status":"PENDING"}""".formatted(orderId))));
		}

		this.client.post()
			.uri("/api/orders")
			.header("Idempotency-Key", "order-key-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.valueEquals("Location", "/api/orders/" + orderId)
			.expectBody()
			.jsonPath("$.orderId")
			.isEqualTo(orderId);

		var received = List.of(order1, order2)
			.stream()
			.flatMap((order) -> order
				.findAll(postRequestedFor(urlEqualTo("/api/orders"))
					.withHeader("Idempotency-Key", equalTo("order-key-1"))
					.withHeader("Content-Type", equalTo(MediaType.APPLICATION_JSON_VALUE))
					.withRequestBody(equalToJson(body)))
				.stream())
			.toList();
		assertThat(received).hasSize(1);
	}

	@Test
	void spreadsOrderRequestsOverBothInstances() {
		for (WireMockServer order : List.of(order1, order2)) {
			order.stubFor(json(get(urlPathMatching("/api/orders/.*")), 200, """
					{"status":"PENDING"}"""));
		}

		for (int i = 0; i < 6; i++) {
			this.client.get().uri("/api/orders/{id}", UUID.randomUUID()).exchange().expectStatus().isOk();
		}

		assertThat(ShopServices.apiRequests(order1)).isEqualTo(3);
		assertThat(ShopServices.apiRequests(order2)).isEqualTo(3);
	}

	@Test
	void routesPaymentReadsToPaymentService() {
		String orderId = UUID.randomUUID().toString();
		payment.stubFor(json(get("/api/payments/" + orderId), 200, """
				{"orderId":"%s","status":"COMPLETED","attempts":1}""".formatted(orderId)));

		this.client.get()
			.uri("/api/payments/{id}", orderId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("COMPLETED");

		payment.verify(getRequestedFor(urlEqualTo("/api/payments/" + orderId)));
	}

	@Test
	void passesTheServicesErrorsThrough() {
		String orderId = UUID.randomUUID().toString();
		payment.stubFor(json(get("/api/payments/" + orderId), 404, """
				{"type":"https://shop.example.com/problems/payment-not-found","status":404}"""));

		this.client.get()
			.uri("/api/payments/{id}", orderId)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://shop.example.com/problems/payment-not-found");
	}

	@Test
	void answersNotFoundProblemForAnUnknownPathWithoutCallingAnyService() {
		services.all.forEach(
				(service) -> service.stubFor(any(urlPathMatching("/api/.*")).willReturn(aResponse().withStatus(200))));

		for (String path : List.of("/api/unknown", "/api/productsx")) {
			this.client.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://shop.example.com/problems/not-found")
				.jsonPath("$.status")
				.isEqualTo(404);
		}

		services.all.forEach((service) -> assertThat(ShopServices.apiRequests(service)).isZero());
	}

	private static MappingBuilder json(MappingBuilder request, int status, String body) {
		return request
			.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body));
	}

}
