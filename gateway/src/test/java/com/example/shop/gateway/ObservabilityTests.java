package com.example.shop.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the gateway tells about itself: the trace id it answers with is the trace the
 * service receives, its spans reach an OTLP collector (a WireMock one here, as
 * {@code OTLP_TRACING_ENDPOINT} names it), every degraded answer is counted, and the
 * Prometheus scrape carries the resilience4j meters.
 */
// A generous client timeout: the first calls of a context are slow on a busy machine.
@AutoConfigureWebTestClient(timeout = "20s")
// Spring Boot's tests turn tracing and the Prometheus registry off unless asked for them.
@AutoConfigureObservability
@DirtiesContext
// The collector's port is known only once the context is being built, after the
// environment was prepared: export is switched on here as a set OTLP_TRACING_ENDPOINT
// does at startup (OtlpTracingExportSwitch).
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.otlp.tracing.export.enabled=true")
class ObservabilityTests {

	@RegisterExtension
	static final ShopServices services = new ShopServices();

	private static final WireMockServer catalog = services.catalog;

	private static final WireMockServer collector = collector();

	private static final String PRODUCT = """
			{"id":1,"name":"Espresso cup","price":12.50,"stock":40}""";

	@Autowired
	private WebTestClient client;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		services.register(registry);
		registry.add("OTLP_TRACING_ENDPOINT", () -> collector.baseUrl() + "/v1/traces");
		// Exported within a second rather than Boot's 5 s.
		registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "200ms");
	}

	@AfterAll
	static void stopCollector() {
		collector.stop();
	}

	@BeforeEach
	void reset() {
		this.breakers.circuitBreaker("catalog").reset();
		collector.resetAll();
		collector.stubFor(post("/v1/traces").willReturn(aResponse().withStatus(200)));
	}

	@Test
	void answersWithTheTraceIdThatTheServiceReceivesInItsTraceparent() {
		catalog.stubFor(get("/api/products/1").willReturn(okJson(PRODUCT)));

		String traceId = this.client.get()
			.uri("/api/products/1")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("X-Trace-Id");

		assertThat(traceId).matches("[0-9a-f]{32}");
		String traceparent = catalog.findAll(getRequestedFor(urlEqualTo("/api/products/1")))
			.get(0)
			.getHeader("traceparent");
		assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
		assertThat(traceparent.split("-")[1]).isEqualTo(traceId);
	}

	@Test
	void continuesTheTraceOfAClientThatSendsATraceparent() {
		catalog.stubFor(get("/api/products/1").willReturn(okJson(PRODUCT)));
		String clientTrace = "4bf92f3577b34da6a3ce929d0e0e4736";

		this.client.get()
			.uri("/api/products/1")
			.header("traceparent", "00-" + clientTrace + "-00f067aa0ba902b7-01")
			.exchange()
			.expectHeader()
			.valueEquals("X-Trace-Id", clientTrace);

		assertThat(catalog.findAll(getRequestedFor(urlEqualTo("/api/products/1"))).get(0).getHeader("traceparent"))
			.startsWith("00-" + clientTrace + "-");
	}

	@Test
	void answersAFallbackWithATraceIdToo() {
		catalog.stubFor(get("/api/products/77").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		this.client.get()
			.uri("/api/products/77")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.value("X-Trace-Id", (traceId) -> assertThat(traceId).matches("[0-9a-f]{32}"));
	}

	@Test
	void leavesTheOperatorsTrafficOutOfTheExportedSpans() {
		catalog.stubFor(get("/api/products/1").willReturn(okJson(PRODUCT)));

		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk();
		this.client.get().uri("/dashboard/snapshot").exchange().expectStatus().isOk();
		this.client.get().uri("/api/products/1").exchange().expectStatus().isOk();

		await().atMost(Duration.ofSeconds(30)).until(() -> exported().contains("/api/products"));
		assertThat(exported()).doesNotContain("/actuator").doesNotContain("/dashboard");
	}

	/**
	 * Every OTLP payload so far, as text (span names and tags are plain UTF-8 in
	 * protobuf).
	 */
	private static String exported() {
		return collector.findAll(postRequestedFor(urlEqualTo("/v1/traces")))
			.stream()
			.map((request) -> new String(request.getBody(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("\n"));
	}

	@Test
	void sendsItsSpansToTheOtlpCollector() {
		catalog.stubFor(get("/api/products/1").willReturn(okJson(PRODUCT)));

		this.client.get().uri("/api/products/1").exchange().expectStatus().isOk();

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(collector.findAll(postRequestedFor(urlEqualTo("/v1/traces")))).isNotEmpty());
		assertThat(collector.findAll(postRequestedFor(urlEqualTo("/v1/traces"))).get(0).getHeader("Content-Type"))
			.isEqualTo("application/x-protobuf");
	}

	@Test
	void countsTheDegradedAnswersOfItsOwnCacheAndThoseCatalogPassesThrough() {
		double ownBefore = degraded("catalog-cache");
		double catalogsBefore = degraded("catalog-db-cache");
		catalog
			.stubFor(get("/api/products/2").willReturn(okJson(PRODUCT).withHeader("X-Degraded", "catalog-db-cache")));

		this.client.get()
			.uri("/api/products/2")
			.exchange()
			.expectHeader()
			.valueEquals("X-Degraded", "catalog-db-cache");
		assertThat(degraded("catalog-db-cache")).isEqualTo(catalogsBefore + 1);

		catalog.stubFor(get("/api/products/2").willReturn(aResponse().withStatus(500)));
		this.client.get().uri("/api/products/2").exchange().expectHeader().valueEquals("X-Degraded", "catalog-cache");
		assertThat(degraded("catalog-cache")).isEqualTo(ownBefore + 1);
		assertThat(degraded("catalog-db-cache")).isEqualTo(catalogsBefore + 1);
	}

	@Test
	void exposesTheResilienceAndDegradationMetersToPrometheus() {
		EntityExchangeResult<String> scrape = this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();

		String body = scrape.getResponseBody();
		for (String breaker : List.of("catalog", "orders", "payments")) {
			assertThat(series(body, "resilience4j_circuitbreaker_state", breaker)).isNotEmpty();
			assertThat(series(body, "resilience4j_circuitbreaker_failure_rate", breaker)).isNotEmpty();
		}
		assertThat(series(body, "resilience4j_bulkhead_available_concurrent_calls", "admission")).isNotEmpty();
		assertThat(series(body, "resilience4j_bulkhead_max_allowed_concurrent_calls", "admission")).singleElement()
			.satisfies((line) -> assertThat(line).endsWith(" 100.0"));
		assertThat(body).contains("shop_gateway_degraded_total{reason=\"catalog-cache\",route=\"catalog-service\"}");
	}

	/** The scraped lines of {@code metric} for the resilience4j instance {@code name}. */
	private static List<String> series(String scrape, String metric, String name) {
		return scrape.lines()
			.filter((line) -> line.startsWith(metric + "{") && line.contains("name=\"" + name + "\""))
			.toList();
	}

	private double degraded(String reason) {
		return this.meters.get("shop.gateway.degraded")
			.tag("route", "catalog-service")
			.tag("reason", reason)
			.counter()
			.count();
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

	private static WireMockServer collector() {
		WireMockServer server = new WireMockServer(options().dynamicPort());
		server.start();
		return server;
	}

}
