package com.example.shop.gateway;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
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
import static org.awaitility.Awaitility.await;

/**
 * Load balancing over the two order-service instances: an instance whose readiness is
 * DOWN drops out within the health-check interval, and killing one mid-traffic fails no
 * idempotent request (the Retry filter moves it to the other instance).
 */
// This test measures failover, not the rate limit: it sends more than one burst.
// A generous client timeout: the first calls of a context are slow on a busy machine.
@AutoConfigureWebTestClient(timeout = "20s")
// Each class has its own services; its gateway (and its health checks) stop with it.
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "shop.gateway.rate-limit.burst=10000")
class LoadBalancingTests {

	@RegisterExtension
	static final ShopServices services = new ShopServices();

	private static final WireMockServer order1 = services.order1;

	private static final WireMockServer order2 = services.order2;

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@BeforeEach
	void answerOrders() {
		for (WireMockServer order : List.of(order1, order2)) {
			order.stubFor(get(urlPathMatching("/api/orders/.*")).willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"status\":\"PENDING\"}")));
			order.stubFor(post("/api/orders").willReturn(aResponse().withStatus(202)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"status\":\"PENDING\"}")));
		}
	}

	@AfterEach
	void reviveOrder2() {
		if (!order2.isRunning()) {
			order2.start();
		}
		ShopServices.ready(order2);
	}

	@Test
	void killingOneInstanceFailsNoIdempotentRequest() {
		for (int i = 0; i < 4; i++) {
			getOrder().expectStatus().isOk();
		}
		assertThat(ShopServices.apiRequests(order2)).isPositive();

		order2.stop();

		for (int i = 0; i < 50; i++) {
			getOrder().expectStatus().isOk();
			placeOrder(UUID.randomUUID().toString()).expectStatus().isAccepted();
		}
		assertThat(ShopServices.apiRequests(order1)).isGreaterThanOrEqualTo(100);
	}

	@Test
	void dropsAnInstanceWhoseReadinessIsDownAndTakesItBackWhenReady() {
		order2.stubFor(get(ShopServices.READINESS).atPriority(0).willReturn(aResponse().withStatus(503)));

		// spring.cloud.loadbalancer.health-check.interval: 2s
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			order2.resetRequests();
			for (int i = 0; i < 6; i++) {
				getOrder().expectStatus().isOk();
			}
			assertThat(ShopServices.apiRequests(order2)).isZero();
		});

		order2.stubFor(get(ShopServices.READINESS).atPriority(0)
			.willReturn(aResponse().withStatus(200).withBody("{\"status\":\"UP\"}")));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			getOrder().expectStatus().isOk();
			assertThat(ShopServices.apiRequests(order2)).isPositive();
		});
	}

	private WebTestClient.ResponseSpec getOrder() {
		return this.client.get().uri("/api/orders/{id}", UUID.randomUUID()).exchange();
	}

	private WebTestClient.ResponseSpec placeOrder(String key) {
		return this.client.post()
			.uri("/api/orders")
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"customerId\":\"c-42\",\"items\":[{\"productId\":1,\"quantity\":1}]}")
			.exchange();
	}

}
