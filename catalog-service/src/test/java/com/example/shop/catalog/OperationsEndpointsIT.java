package com.example.shop.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog as {@code ./shop up} runs it, with the {@code chaos-monkey} profile and its
 * own application.yml: the operator's endpoints are exposed and need credentials, the
 * product API does not, and the monkey, once enabled, breaks the product API for real.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		// Its own context: keep its listener out of the other tests' consumer group.
		properties = "spring.kafka.listener.auto-startup=false")
@Import(TestInfrastructureConfiguration.class)
@ActiveProfiles("chaos-monkey")
// The Prometheus registry, as a running service has it (tests leave it off unless asked).
@AutoConfigureObservability(tracing = false)
class OperationsEndpointsIT {

	@Autowired
	private TestRestTemplate http;

	@Value("${spring.security.user.name}")
	private String user;

	@Value("${spring.security.user.password}")
	private String password;

	@Test
	void exposesTheCatalogAndResilienceMetersToPrometheusWithoutCredentials() {
		String scrape = this.http.getForObject("/actuator/prometheus", String.class);

		assertThat(scrape).contains("shop_replica_lag_seconds ", "outbox_backlog ");
		for (String metric : new String[] { "resilience4j_circuitbreaker_state",
				"resilience4j_circuitbreaker_failure_rate" }) {
			assertThat(scrape.lines()
				.filter((line) -> line.startsWith(metric + "{") && line.contains("name=\"catalog-db\""))
				.toList()).as(metric).isNotEmpty();
		}
	}

	@Nested
	class Protected {

		@Test
		void refusesChaosMonkeyAndDeadLettersWithoutCredentials() {
			for (String path : new String[] { "/actuator/chaosmonkey", "/actuator/deadletters" }) {
				ResponseEntity<String> response = OperationsEndpointsIT.this.http.getForEntity(path, String.class);

				assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
				assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(path).startsWith("Basic ");
			}
		}

		@Test
		void refusesAWrongPassword() {
			assertThat(OperationsEndpointsIT.this.http.withBasicAuth(OperationsEndpointsIT.this.user, "guess")
				.getForEntity("/actuator/chaosmonkey", String.class)
				.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		}

		@Test
		void answersChaosMonkeyToTheOperatorLoadedButDisabled() {
			ResponseEntity<JsonNode> response = operator().getForEntity("/actuator/chaosmonkey", JsonNode.class);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getBody().at("/chaosMonkeyProperties/enabled").asBoolean()).isFalse();
			assertThat(response.getBody().at("/watcherProperties/restController").asBoolean()).isTrue();
		}

		@Test
		void answersDeadLettersToTheOperator() {
			ResponseEntity<JsonNode> response = operator().getForEntity("/actuator/deadletters", JsonNode.class);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getBody().get("topics")).isNotNull();
			assertThat(response.getBody().get("deadLetters").isArray()).isTrue();
		}

	}

	@Nested
	class Open {

		@Test
		void leavesProbesAndTheProductApiOpen() {
			assertThat(get("/actuator/health/readiness").getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(get("/api/products/1").getStatusCode()).isEqualTo(HttpStatus.OK);
		}

	}

	@Nested
	class Chaos {

		@AfterEach
		void calmTheMonkey() {
			operator().postForEntity("/actuator/chaosmonkey/disable", null, String.class);
			assaults("""
					{"exceptionsActive":false}""");
		}

		@Test
		void failsTheProductApiWhileEnabledAndNotAfter() {
			assertThat(assaults("""
					{"level":1,"exceptionsActive":true,"latencyActive":false}""").getStatusCode())
				.isEqualTo(HttpStatus.OK);
			assertThat(operator().postForEntity("/actuator/chaosmonkey/enable", null, String.class).getStatusCode())
				.isEqualTo(HttpStatus.OK);

			ResponseEntity<JsonNode> attacked = OperationsEndpointsIT.this.http.getForEntity("/api/products/1",
					JsonNode.class);
			assertThat(attacked.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
			assertThat(attacked.getBody().get("type").asText())
				.isEqualTo("https://shop.example.com/problems/internal-error");

			operator().postForEntity("/actuator/chaosmonkey/disable", null, String.class);
			assertThat(get("/api/products/1").getStatusCode()).isEqualTo(HttpStatus.OK);
		}

	}

	private ResponseEntity<String> get(String path) {
		return this.http.getForEntity(path, String.class);
	}

	private ResponseEntity<String> assaults(String json) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return operator().postForEntity("/actuator/chaosmonkey/assaults", new HttpEntity<>(json, headers),
				String.class);
	}

	private TestRestTemplate operator() {
		return this.http.withBasicAuth(this.user, this.password);
	}

}
