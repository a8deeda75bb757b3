package com.example.shop.payments.provider;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProviderClientTests {

	private static final WireMockServer provider = new WireMockServer(options().dynamicPort());

	private static final UUID ORDER = UUID.fromString("7b0f5f1e-3c0a-4d61-9a39-0d2f4c8e1a11");

	private ProviderClient client;

	private MeterRegistry meters;

	@BeforeAll
	static void startProvider() {
		provider.start();
	}

	@AfterAll
	static void stopProvider() {
		provider.stop();
	}

	@BeforeEach
	void resetProvider() {
		provider.resetAll();
		this.meters = new SimpleMeterRegistry();
		this.client = client(provider.baseUrl(), this.meters);
	}

	@Test
	void sendsTheIdempotencyKeyWithTheChargeAndReturnsTheApproval() {
		providerAnswers(201, """
				{"chargeId":"ch_1","reference":"%s","customerId":"c-42","amount":25.00,"status":"APPROVED",
				 "reason":null,"createdAt":"2026-01-01T10:00:00Z"}""".formatted(ORDER));

		ChargeOutcome outcome = charge();

		assertThat(outcome).isEqualTo(new ChargeOutcome.Approved("ch_1"));
		provider.verify(postRequestedFor(urlEqualTo("/charges")).withHeader("Idempotency-Key", equalTo("key-1"))
			.withRequestBody(equalToJson("""
					{"reference":"%s","customerId":"c-42","amount":25.00}""".formatted(ORDER))));
	}

	@Test
	void returnsTheDeclineWithItsReason() {
		providerAnswers(201, """
				{"chargeId":"ch_1","status":"DECLINED","reason":"CARD_LIMIT_EXCEEDED"}""");

		assertThat(charge()).isEqualTo(new ChargeOutcome.Declined("CARD_LIMIT_EXCEEDED"));
	}

	@Test
	void acceptsAReplayedDecision() {
		providerAnswers(200, """
				{"chargeId":"ch_1","status":"APPROVED","reason":null}""");

		assertThat(charge()).isEqualTo(new ChargeOutcome.Approved("ch_1"));
	}

	@Test
	void reportsAServerErrorAsUnavailable() {
		providerAnswers(503, "");

		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(this::charge);
	}

	@Test
	void reportsTooManyRequestsAsUnavailable() {
		providerAnswers(429, "");

		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(this::charge);
	}

	@Test
	void reportsASlowAnswerAsUnavailableAfterTheReadTimeout() {
		provider.stubFor(post("/charges").willReturn(aResponse().withStatus(201).withFixedDelay(2_000)));

		long started = System.nanoTime();
		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(this::charge);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));
	}

	@Test
	void reportsARefusedConnectionAsUnavailable() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		this.client = client("http://127.0.0.1:" + closedPort, this.meters);

		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(this::charge);
	}

	@Test
	void reportsAnAnswerWithoutDecisionAsUnavailable() {
		providerAnswers(200, "<html>maintenance</html>");

		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(this::charge);
	}

	@Test
	void reportsARefusedRequestAsRejected() {
		providerAnswers(422, """
				{"type":"https://shop.example.com/problems/idempotency-key-reused","status":422}""");

		assertThatExceptionOfType(ProviderRejectedException.class).isThrownBy(this::charge);
	}

	@Test
	void countsEveryCallByWhatCameOfIt() {
		providerAnswers(201, """
				{"chargeId":"ch_1","status":"APPROVED","reason":null}""");
		charge();
		charge();
		providerAnswers(201, """
				{"chargeId":"ch_2","status":"DECLINED","reason":"CARD_LIMIT_EXCEEDED"}""");
		charge();
		providerAnswers(503, "{}");
		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(this::charge);
		providerAnswers(422, "{}");
		assertThatExceptionOfType(ProviderRejectedException.class).isThrownBy(this::charge);

		assertThat(attempts("approved")).isEqualTo(2);
		assertThat(attempts("declined")).isEqualTo(1);
		assertThat(attempts("unavailable")).isEqualTo(1);
		assertThat(attempts("rejected")).isEqualTo(1);
	}

	private ChargeOutcome charge() {
		return this.client.charge("key-1", ORDER, "c-42", new BigDecimal("25.00"));
	}

	private static void providerAnswers(int status, String body) {
		provider.stubFor(post("/charges")
			.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
	}

	private static ProviderClient client(String baseUrl, MeterRegistry meters) {
		return new ProviderClient(RestClient.builder(),
				new ProviderProperties(baseUrl, Duration.ofMillis(500), Duration.ofMillis(500)), meters);
	}

	private double attempts(String result) {
		return this.meters.get(ProviderClient.ATTEMPTS).tag("result", result).counter().count();
	}

}
