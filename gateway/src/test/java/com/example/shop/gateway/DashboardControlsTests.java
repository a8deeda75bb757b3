package com.example.shop.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's controls: refused without the operator's credentials or without JSON,
 * and otherwise carried to the local stack's control port, a service's Chaos Monkey or
 * the provider's knobs with the operator's credentials, each noted as an event.
 */
@AutoConfigureWebTestClient(timeout = "20s")
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shop.dashboard.kafka.bootstrap-servers=", "shop.dashboard.timeout=1s" })
class DashboardControlsTests {

	@RegisterExtension
	static final ShopServices services = new ShopServices();

	static final WireMockServer stack = services.stack;

	@Autowired
	WebTestClient client;

	@Autowired
	SecurityProperties security;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@BeforeEach
	void resetStack() {
		stack.stubFor(post(urlEqualTo("/parts/payment/pause"))
			.willReturn(okJson("{\"part\":\"payment\",\"action\":\"pause\",\"result\":\"done\"}")));
		stack.stubFor(post(urlEqualTo("/parts/payment/kill")).willReturn(aResponse().withStatus(409)
			.withHeader("Content-Type", "application/problem+json")
			.withBody("{\"status\":409,\"detail\":\"payment is not running\"}")));
		stack.stubFor(post(urlEqualTo("/load"))
			.willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json").withBody("{}")));
	}

	@Nested
	class Refused {

		@Test
		void withoutCredentialsAndWithoutABrowserChallenge() {
			client.post()
				.uri("/dashboard/api/parts/payment/pause")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader()
				.doesNotExist(HttpHeaders.WWW_AUTHENTICATE);

			assertThat(stack.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		}

		@Test
		void withAWrongPassword() {
			client.post()
				.uri("/dashboard/api/parts/payment/pause")
				.headers((headers) -> headers.setBasicAuth(security.getUser().getName(), "guess"))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isUnauthorized();
			client.get().uri("/dashboard/api/operator").exchange().expectStatus().isUnauthorized();

			assertThat(stack.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		}

		@Test
		void asAFormPostEvenWithTheOperatorsCredentials() {
			client.post()
				.uri("/dashboard/api/parts/payment/pause")
				.headers(DashboardControlsTests.this::operator)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.bodyValue("confirm=yes")
				.exchange()
				.expectStatus()
				.isEqualTo(415);

			assertThat(stack.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		}

		@Test
		void withValuesOutOfBounds() {
			send("/dashboard/api/load", "{\"rate\":5000,\"duration\":\"60s\"}").expectStatus().isBadRequest();
			send("/dashboard/api/monkey/catalog", "{\"mode\":\"meltdown\"}").expectStatus().isBadRequest();
			send("/dashboard/api/faults", "{\"errorRate\":2}").expectStatus().isBadRequest();
			send("/dashboard/api/parts/payment/explode", "{}").expectStatus().isNotFound();
			send("/dashboard/api/monkey/gateway", "{\"mode\":\"latency\"}").expectStatus().isNotFound();

			assertThat(stack.findAll(anyRequestedFor(anyUrl()))).isEmpty();
			assertThat(services.catalog.findAll(postRequestedFor(anyUrl()))).isEmpty();
		}

	}

	@Test
	void tellsTheLoggedInOperatorWhoTheyAre() {
		client.get()
			.uri("/dashboard/api/operator")
			.headers(this::operator)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo(this.security.getUser().getName());
	}

	@Test
	void carriesAPartActionToTheStackWithTheOperatorsCredentialsAndNotesIt() {
		send("/dashboard/api/parts/payment/pause", "{}").expectStatus().isOk();

		stack.verify(postRequestedFor(urlEqualTo("/parts/payment/pause")).withHeader(HttpHeaders.AUTHORIZATION,
				equalTo(basic())));
		assertThat(events()).contains(this.security.getUser().getName() + ": pause payment");
	}

	@Test
	void answersTheStacksRefusalAsAProblem() {
		send("/dashboard/api/parts/payment/kill", "{}").expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("payment is not running");
	}

	@Test
	void startsALoadRunInTheStack() {
		send("/dashboard/api/load", "{\"rate\":25,\"duration\":\"2m\"}").expectStatus().isAccepted();

		stack.verify(postRequestedFor(urlEqualTo("/load"))
			.withRequestBody(equalToJson("{\"rate\":25.0,\"duration\":\"2m\"}")));
	}

	@Test
	void turnsOnChaosMonkeyLatencyInAServiceThroughItsActuator() {
		services.catalog.stubFor(post("/actuator/chaosmonkey/assaults").willReturn(okJson("{}")));
		services.catalog.stubFor(post("/actuator/chaosmonkey/enable").willReturn(okJson("{}")));

		send("/dashboard/api/monkey/catalog", "{\"mode\":\"latency\"}").expectStatus().isOk();

		services.catalog.verify(postRequestedFor(urlEqualTo("/actuator/chaosmonkey/assaults"))
			.withHeader(HttpHeaders.AUTHORIZATION, equalTo(basic()))
			.withRequestBody(matchingJsonPath("$.latencyActive", equalTo("true")))
			.withRequestBody(matchingJsonPath("$.exceptionsActive", equalTo("false"))));
		services.catalog.verify(postRequestedFor(urlEqualTo("/actuator/chaosmonkey/enable")));
		assertThat(events()).contains(this.security.getUser().getName() + ": Chaos Monkey latency in catalog");
	}

	@Test
	void saysSoWhenAServiceHasNoChaosMonkey() {
		send("/dashboard/api/monkey/payment", "{\"mode\":\"exceptions\"}").expectStatus()
			.isEqualTo(502)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("chaos-monkey profile"));
	}

	@Test
	void changesTheProvidersKnobsGivenAndKeepsTheOthers() {
		services.provider.stubFor(get("/admin/faults").willReturn(okJson(
				"{\"latencyMs\":300,\"latencyJitterMs\":0,\"errorRate\":0.0,\"declineRate\":0.1,\"dropResponseRate\":0.0}")));
		services.provider.stubFor(put("/admin/faults").willReturn(okJson(
				"{\"latencyMs\":300,\"latencyJitterMs\":0,\"errorRate\":0.5,\"declineRate\":0.1,\"dropResponseRate\":0.0}")));

		send("/dashboard/api/faults", "{\"errorRate\":0.5}").expectStatus().isOk();

		services.provider.verify(putRequestedFor(urlEqualTo("/admin/faults"))
			.withHeader(HttpHeaders.AUTHORIZATION, equalTo(basic()))
			.withRequestBody(equalToJson(
					"{\"latencyMs\":300,\"latencyJitterMs\":0,\"errorRate\":0.5,\"declineRate\":0.1,\"dropResponseRate\":0.0}")));
	}

	@Test
	void turnsEveryProviderKnobOff() {
		services.provider.stubFor(get("/admin/faults").willReturn(okJson(
				"{\"latencyMs\":300,\"latencyJitterMs\":50,\"errorRate\":0.2,\"declineRate\":0.1,\"dropResponseRate\":0.3}")));
		services.provider.stubFor(put("/admin/faults").willReturn(okJson("{}")));

		send("/dashboard/api/faults", "{\"off\":true}").expectStatus().isOk();

		services.provider.verify(putRequestedFor(urlEqualTo("/admin/faults")).withRequestBody(equalToJson(
				"{\"latencyMs\":0,\"latencyJitterMs\":0,\"errorRate\":0,\"declineRate\":0,\"dropResponseRate\":0}")));
	}

	private WebTestClient.ResponseSpec send(String path, String json) {
		return this.client.post()
			.uri(path)
			.headers(this::operator)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange();
	}

	private java.util.List<String> events() {
		JsonNode snapshot = this.client.get()
			.uri("/dashboard/snapshot")
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		return snapshot.path("events").findValuesAsText("text");
	}

	private void operator(HttpHeaders headers) {
		headers.setBasicAuth(this.security.getUser().getName(), this.security.getUser().getPassword());
	}

	private String basic() {
		HttpHeaders headers = new HttpHeaders();
		operator(headers);
		return headers.getFirst(HttpHeaders.AUTHORIZATION);
	}

}
