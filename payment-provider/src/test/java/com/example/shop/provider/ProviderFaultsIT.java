package com.example.shop.provider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every fault knob of the simulated bank, set through {@code /admin/faults} and observed
 * through real HTTP against a real ledger.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(TestInfrastructureConfiguration.class)
class ProviderFaultsIT {

	private static final String NO_FAULTS = """
			{"latencyMs":0,"latencyJitterMs":0,"errorRate":0.0,"declineRate":0.0,"dropResponseRate":0.0}""";

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private JdbcClient jdbc;

	@LocalServerPort
	private int port;

	@AfterEach
	void healTheBank() {
		assertThat(setFaults(NO_FAULTS).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Nested
	class Admin {

		@Test
		void refusesToChangeFaultsWithoutCredentials() {
			ResponseEntity<JsonNode> response = ProviderFaultsIT.this.http.exchange("/admin/faults", HttpMethod.PUT,
					json("""
							{"errorRate":1.0}"""), JsonNode.class);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
			assertThat(response.getBody().get("type").asText())
				.isEqualTo("https://shop.example.com/problems/unauthorized");
			assertThat(faults().get("errorRate").asDouble()).isZero();
		}

		@Test
		void refusesAWrongPassword() {
			ResponseEntity<JsonNode> response = ProviderFaultsIT.this.http.withBasicAuth("admin", "guess")
				.getForEntity("/admin/faults", JsonNode.class);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		}

		@Test
		void guardsTheActuatorWithTheSameOperatorButLeavesProbesOpen() {
			assertThat(
					ProviderFaultsIT.this.http.getForEntity("/actuator/health/readiness", String.class).getStatusCode())
				.isEqualTo(HttpStatus.OK);
			ResponseEntity<String> refused = ProviderFaultsIT.this.http.getForEntity("/actuator", String.class);
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(refused.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
			assertThat(ProviderFaultsIT.this.http.withBasicAuth("admin", "local-only-admin")
				.getForEntity("/actuator", String.class)
				.getStatusCode()).isEqualTo(HttpStatus.OK);
		}

		@Test
		void startsWithEveryFaultOffAndShowsWhatWasSet() {
			assertThat(faults().toString()).isEqualTo(NO_FAULTS.strip());

			ResponseEntity<JsonNode> response = setFaults("""
					{"latencyMs":5,"latencyJitterMs":6,"errorRate":0.1,"declineRate":0.2,"dropResponseRate":0.3}""");

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(faults()).isEqualTo(response.getBody());
			assertThat(faults().get("dropResponseRate").asDouble()).isEqualTo(0.3);
		}

		@Test
		void rejectsARateAboveOne() {
			ResponseEntity<JsonNode> response = setFaults("""
					{"errorRate":1.5}""");

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(response.getBody().findValuesAsText("field")).containsExactly("errorRate");
			assertThat(faults().get("errorRate").asDouble()).isZero();
		}

	}

	@Nested
	class Knobs {

		@Test
		void delaysEveryChargeByTheLatencyPlusAtMostTheJitter() {
			setFaults("""
					{"latencyMs":400,"latencyJitterMs":200}""");

			long started = System.nanoTime();
			ResponseEntity<JsonNode> response = charge(newKey(), "25.00");
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
			assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400)).isLessThan(Duration.ofMillis(2_600));
		}

		@Test
		void answersUnavailableBeforeRecordingAnything() {
			String key = newKey();
			setFaults("""
					{"errorRate":1.0}""");

			ResponseEntity<JsonNode> failed = charge(key, "25.00");

			assertThat(failed.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(failed.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(failed.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
			assertThat(failed.getBody().get("type").asText())
				.isEqualTo("https://shop.example.com/problems/provider-unavailable");
			assertThat(rowsWithKey(key)).isZero();

			setFaults(NO_FAULTS);
			assertThat(charge(key, "25.00").getStatusCode()).isEqualTo(HttpStatus.CREATED);
			assertThat(rowsWithKey(key)).isOne();
		}

		@Test
		void declinesApprovableChargesAsTheIssuer() {
			setFaults("""
					{"declineRate":1.0}""");

			ResponseEntity<JsonNode> approvable = charge(newKey(), "25.00");
			ResponseEntity<JsonNode> overLimit = charge(newKey(), "4999.00");

			assertThat(approvable.getStatusCode()).isEqualTo(HttpStatus.CREATED);
			assertThat(approvable.getBody().get("status").asText()).isEqualTo("DECLINED");
			assertThat(approvable.getBody().get("reason").asText()).isEqualTo("DECLINED_BY_ISSUER");
			assertThat(overLimit.getBody().get("reason").asText()).isEqualTo("CARD_LIMIT_EXCEEDED");
		}

		@Test
		void leavesChargesAloneWhenEveryFaultIsOff() {
			ResponseEntity<JsonNode> response = charge(newKey(), "25.00");

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
			assertThat(response.getBody().get("status").asText()).isEqualTo("APPROVED");
		}

	}

	@Nested
	class LostResponse {

		@Test
		void recordsTheChargeThenClosesTheConnectionWithoutAnswering() {
			String key = newKey();
			setFaults("""
					{"dropResponseRate":1.0}""");

			assertThatExceptionOfType(IOException.class).isThrownBy(() -> rawCharge(key, "25.00"));

			assertThat(rowsWithKey(key)).isOne();
		}

		@Test
		void replaysTheRecordedChargeToARetryWithTheSameKey() throws Exception {
			String key = newKey();
			String reference = UUID.randomUUID().toString();
			setFaults("""
					{"dropResponseRate":1.0}""");
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> rawCharge(key, reference, "25.00"));
			String recorded = chargeIdOfKey(key);
			setFaults(NO_FAULTS);

			ResponseEntity<JsonNode> retry = charge(key, reference, "25.00");

			assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
			assertThat(retry.getBody().get("chargeId").asText()).isEqualTo(recorded);
			assertThat(retry.getBody().get("status").asText()).isEqualTo("APPROVED");
			assertThat(rowsWithKey(key)).isOne();
		}

	}

	private JsonNode faults() {
		ResponseEntity<JsonNode> response = this.http.withBasicAuth("admin", "local-only-admin")
			.getForEntity("/admin/faults", JsonNode.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		return response.getBody();
	}

	private ResponseEntity<JsonNode> setFaults(String settings) {
		return this.http.withBasicAuth("admin", "local-only-admin")
			.exchange("/admin/faults", HttpMethod.PUT, json(settings), JsonNode.class);
	}

	private ResponseEntity<JsonNode> charge(String key, String amount) {
		return charge(key, UUID.randomUUID().toString(), amount);
	}

	private ResponseEntity<JsonNode> charge(String key, String reference, String amount) {
		HttpEntity<String> request = json(body(reference, amount));
		HttpHeaders headers = new HttpHeaders();
		headers.addAll(request.getHeaders());
		headers.set("Idempotency-Key", key);
		return this.http.exchange("/charges", HttpMethod.POST, new HttpEntity<>(request.getBody(), headers),
				JsonNode.class);
	}

	private void rawCharge(String key, String amount) throws IOException, InterruptedException {
		rawCharge(key, UUID.randomUUID().toString(), amount);
	}

	/** A charge over a plain HTTP client, so nothing retries or hides the I/O error. */
	private void rawCharge(String key, String reference, String amount) throws IOException, InterruptedException {
		try (HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build()) {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/charges"))
				.timeout(Duration.ofSeconds(10))
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", key)
				.POST(HttpRequest.BodyPublishers.ofString(body(reference, amount)))
				.build();
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			throw new AssertionError("Expected no answer, got " + response.statusCode() + " " + response.body());
		}
	}

	private static HttpEntity<String> json(String body) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return new HttpEntity<>(body, headers);
	}

	private static String body(String reference, String amount) {
		return """
				{"reference":"%s","customerId":"c-42","amount":%s}""".formatted(reference, amount);
	}

	private static String newKey() {
		return "key-" + UUID.randomUUID();
	}

	private long rowsWithKey(String key) {
		return this.jdbc.sql("SELECT count(*) FROM charge WHERE idempotency_key = ?")
			.param(key)
			.query(Long.class)
			.single();
	}

	private String chargeIdOfKey(String key) {
		return this.jdbc.sql("SELECT id FROM charge WHERE idempotency_key = ?").param(key).query(String.class).single();
	}

}
