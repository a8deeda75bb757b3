package com.example.shop.gateway;

import java.net.URI;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's side of the gateway: actuator endpoints that reveal or change it (route
 * definitions, refresh, breakers) need HTTP Basic; probes, info and metrics stay open;
 * the shop's API needs no credentials; and no request reaches a service's own actuator.
 */
// A generous client timeout: the first calls of a context are slow on a busy machine.
@AutoConfigureWebTestClient(timeout = "20s")
// Each class has its own services; its gateway (and its health checks) stop with it.
@DirtiesContext
// Tests leave metrics export off, and with it the prometheus endpoint.
@AutoConfigureObservability
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OperatorSecurityTests {

	private static final String SNEAKY_ROUTE = """
			{"uri":"http://example.org","predicates":[{"name":"Path","args":{"_genkey_0":"/x/**"}}]}""";

	@RegisterExtension
	static final ShopServices services = new ShopServices();

	private static final WireMockServer catalog = services.catalog;

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	// spring.security.user.*: SHOP_ADMIN_USER / SHOP_ADMIN_PASSWORD or their local
	// defaults
	@Autowired
	private SecurityProperties security;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator", "/actuator/gateway/routes", "/actuator/gateway/routes/catalog-service",
			"/actuator/gateway/globalfilters", "/actuator/circuitbreakers", "/actuator/circuitbreakerevents" })
	void challengesReadsOfOperatorEndpointsWithoutCredentials(String path) {
		expectChallenge(this.client.get().uri(path).exchange());
		expectChallenge(this.client.get()
			.uri(path)
			.headers((headers) -> headers.setBasicAuth(this.security.getUser().getName(), "wrong"))
			.exchange());
	}

	@Test
	void challengesChangesToTheRoutesWithoutCredentialsOrCsrfToken() {
		// A 401, not CSRF's 403: the actuator chain takes credentials, not tokens.
		expectChallenge(this.client.post().uri("/actuator/gateway/refresh").exchange());
		expectChallenge(this.client.post()
			.uri("/actuator/gateway/routes/sneaky")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SNEAKY_ROUTE)
			.exchange());
		expectChallenge(this.client.delete().uri("/actuator/gateway/routes/catalog-service").exchange());
	}

	@Test
	void letsTheOperatorReadTheRoutesAndBreakers() {
		this.client.get()
			.uri("/actuator/gateway/routes")
			.headers(this::operator)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[*].route_id")
			.value((ids) -> assertThat(ids).asInstanceOf(InstanceOfAssertFactories.LIST)
				.containsExactlyInAnyOrder("catalog-service", "order-service-keyed-writes", "order-service",
						"payment-service"));
		this.client.get()
			.uri("/actuator/circuitbreakers")
			.headers(this::operator)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.circuitBreakers")
			.exists();
	}

	@Test
	void changesNoRouteAtRuntimeEvenForTheOperator() {
		// management.endpoint.gateway.access: read-only
		this.client.post()
			.uri("/actuator/gateway/routes/sneaky")
			.headers(this::operator)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SNEAKY_ROUTE)
			.exchange()
			.expectStatus()
			.value((status) -> assertThat(status).isIn(404, 405));
		this.client.delete()
			.uri("/actuator/gateway/routes/catalog-service")
			.headers(this::operator)
			.exchange()
			.expectStatus()
			.value((status) -> assertThat(status).isIn(404, 405));

		this.client.get()
			.uri("/actuator/gateway/routes/sneaky")
			.headers(this::operator)
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.get()
			.uri("/actuator/gateway/routes/catalog-service")
			.headers(this::operator)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
			"/actuator/info", "/actuator/metrics", "/actuator/metrics/jvm.memory.used", "/actuator/prometheus" })
	void leavesProbesInfoAndMetricsOpen(String path) {
		this.client.get().uri(path).exchange().expectStatus().isOk();
	}

	@Test
	void leavesTheShopApiOpenAndUntouched() {
		catalog.stubFor(get("/api/products/1").willReturn(
				aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"id\":1}")));

		this.client.get()
			.uri("/api/products/1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
			// headers Spring Security would add on a path it guards
			.expectHeader()
			.doesNotExist(HttpHeaders.CACHE_CONTROL)
			.expectHeader()
			.doesNotExist("X-Frame-Options");
	}

	@ParameterizedTest
	@CsvSource({ "/api/products/../../actuator/env, 400", "/api/products/%2e%2e/%2e%2e/actuator/env, 400",
			"/api/products/..%2f..%2factuator/env, 400", "/api/products/..;/..;/actuator/env, 400",
			"/api/orders/../../actuator/chaosmonkey, 400", "/actuator/env, 404", "/actuator/chaosmonkey, 404" })
	void neverForwardsAPathToAServicesActuator(String path, int expectedStatus) {
		services.all.forEach((service) -> service.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200))));

		// Sent as written: no client-side encoding or normalization
		this.client.get()
			.uri(URI.create("http://localhost:" + this.port + path))
			.exchange()
			.expectStatus()
			.isEqualTo(expectedStatus)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);

		services.all.forEach(
				(service) -> assertThat(service.findAll(anyRequestedFor(anyUrl()))).extracting(LoggedRequest::getUrl)
					.allMatch(ShopServices.READINESS::equals));
	}

	private void operator(HttpHeaders headers) {
		headers.setBasicAuth(this.security.getUser().getName(), this.security.getUser().getPassword());
	}

	private static void expectChallenge(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE, (challenge) -> assertThat(challenge).startsWith("Basic realm="))
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://shop.example.com/problems/unauthorized");
	}

}
