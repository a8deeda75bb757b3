package com.example.shop.gateway;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
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
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalog route's fallback: the last-known-good copy of a product URL, marked
 * degraded, while catalog fails, times out or its breaker is open.
 */
// A generous client timeout: the first calls of a context are slow on a busy machine.
@AutoConfigureWebTestClient(timeout = "20s")
// Each class has its own services; its gateway (and its health checks) stop with it.
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class CatalogFallbackTests {

	@RegisterExtension
	static final ShopServices services = new ShopServices();

	private static final WireMockServer catalog = services.catalog;

	private static final String PRODUCT = """
			{"id":1,"name":"Espresso cup","price":12.50,"stock":40}""";

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
		this.breakers.circuitBreaker("catalog").reset();
	}

	@Test
	void servesTheLastKnownGoodCopyMarkedDegradedWhileCatalogIsDown() {
		catalog.stubFor(get("/api/products/1").willReturn(okJson(PRODUCT)));
		this.client.get()
			.uri("/api/products/1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist("X-Degraded");

		catalog.stubFor(get("/api/products/1").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		this.client.get()
			.uri("/api/products/1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Degraded", "catalog-cache")
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectHeader()
			.exists("Age")
			.expectBody()
			.json(PRODUCT, true);
		// Age counts the seconds since the copy was fetched
		await().atMost(Duration.ofSeconds(5))
			.until(() -> Long.parseLong(this.client.get()
				.uri("/api/products/1")
				.exchange()
				.returnResult(String.class)
				.getResponseHeaders()
				.getFirst("Age")) >= 1);
	}

	@Test
	void keysTheCopyByPathAndQuery() {
		catalog.stubFor(get(urlPathMatching("/api/products")).willReturn(okJson("""
				{"content":[],"page":{"size":5,"number":1,"totalElements":0,"totalPages":0}}""")));
		this.client.get().uri("/api/products?page=1&size=5").exchange().expectStatus().isOk();

		catalog.stubFor(get(urlPathMatching("/api/products")).willReturn(aResponse().withStatus(500)));

		this.client.get()
			.uri("/api/products?page=1&size=5")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Degraded", "catalog-cache")
			.expectBody()
			.jsonPath("$.page.number")
			.isEqualTo(1);
		this.client.get()
			.uri("/api/products?page=2&size=5")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void servesTheCopyWhenCatalogTimesOutWithinTheTimeLimiter() {
		catalog.stubFor(get("/api/products/2").willReturn(okJson(PRODUCT)));
		this.client.get().uri("/api/products/2").exchange().expectStatus().isOk();
		catalog.stubFor(get("/api/products/2").willReturn(okJson(PRODUCT).withFixedDelay(10_000)));

		long started = System.nanoTime();
		this.client.get()
			.uri("/api/products/2")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Degraded", "catalog-cache");

		// resilience4j.timelimiter.instances.catalog.timeoutDuration: 3s
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(2500),
				Duration.ofMillis(4500));
	}

	@Test
	void answersServiceUnavailableProblemWithRetryAfterWithoutACopy() {
		catalog.stubFor(get("/api/products/3").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		this.client.get()
			.uri("/api/products/3")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals("Retry-After", "5")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://shop.example.com/problems/service-unavailable")
			.jsonPath("$.status")
			.isEqualTo(503);
	}

	@Test
	void neverKeepsANotFoundAsTheCopy() {
		catalog.stubFor(get("/api/products/404").willReturn(aResponse().withStatus(404)
			.withHeader("Content-Type", "application/problem+json")
			.withBody("{\"status\":404}")));
		this.client.get().uri("/api/products/404").exchange().expectStatus().isNotFound();

		catalog.stubFor(get("/api/products/404").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		this.client.get().uri("/api/products/404").exchange().expectStatus().isEqualTo(503);
	}

	@Test
	void servesTheCopyAtOnceWhileTheBreakerIsOpen() {
		catalog.stubFor(get("/api/products/4").willReturn(okJson(PRODUCT)));
		this.client.get().uri("/api/products/4").exchange().expectStatus().isOk();
		catalog.stubFor(get(urlPathMatching("/api/products/.*")).willReturn(aResponse().withStatus(500)));
		// resilience4j.circuitbreaker.configs.default.minimumNumberOfCalls: 5
		for (int i = 0; i < 5; i++) {
			this.client.get()
				.uri("/api/products/4")
				.exchange()
				.expectHeader()
				.valueEquals("X-Degraded", "catalog-cache");
		}
		assertThat(this.breakers.circuitBreaker("catalog").getState()).isEqualTo(CircuitBreaker.State.OPEN);
		catalog.stubFor(get("/api/products/4").willReturn(okJson(PRODUCT).withFixedDelay(10_000)));
		int before = ShopServices.apiRequests(catalog);

		long started = System.nanoTime();
		this.client.get()
			.uri("/api/products/4")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Degraded", "catalog-cache");

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		assertThat(ShopServices.apiRequests(catalog)).isEqualTo(before);
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

}
