package com.example.shop.operations;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what, over real HTTP: probes and scrapers without credentials, every other
 * actuator endpoint only with the operator's, the application's API untouched.
 */
@OperationsTest
class ActuatorSecurityTests {

	@Autowired
	private TestRestTemplate http;

	@Nested
	class Open {

		@Test
		void healthAndItsProbesNeedNoCredentials() {
			assertThat(get("/actuator/health").getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(get("/actuator/health/liveness").getStatusCode()).isEqualTo(HttpStatus.OK);
		}

		@Test
		void metricsAndPrometheusNeedNoCredentials() {
			assertThat(get("/actuator/metrics").getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(get("/actuator/prometheus").getStatusCode()).isEqualTo(HttpStatus.OK);
		}

		@Test
		void answersAPathTheFirewallRefusesWithAProblemThatEchoesNothing() {
			for (String path : List.of("/api/%0D%0AX-Injected:%20yes", "/api/a%0Ab", "/api/a%25b")) {
				ResponseEntity<String> response = ActuatorSecurityTests.this.http.getForEntity(URI.create(path),
						String.class);

				assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(response.getHeaders().getContentType()).as(path)
					.isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
				assertThat(response.getBody()).contains("https://shop.example.com/problems/bad-request")
					.doesNotContain("Injected", "actuator", "Exception");
			}
		}

		@Test
		void leavesTheApplicationsApiAlone() {
			ResponseEntity<String> response = get(OperationsTestApplication.API);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getBody()).isEqualTo("hello");
		}

	}

	@Nested
	class Protected {

		@Test
		void refusesChaosMonkeyWithoutCredentialsWithABasicChallengeAndAProblem() {
			ResponseEntity<JsonNode> response = ActuatorSecurityTests.this.http.getForEntity("/actuator/chaosmonkey",
					JsonNode.class);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic ");
			assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(response.getBody().get("type").asText())
				.isEqualTo("https://shop.example.com/problems/unauthorized");
		}

		@Test
		void refusesChaosMonkeyWithAWrongPassword() {
			ResponseEntity<String> response = ActuatorSecurityTests.this.http
				.withBasicAuth(OperationsTest.USER, "guess")
				.getForEntity("/actuator/chaosmonkey", String.class);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic ");
		}

		@Test
		void answersChaosMonkeyToTheOperator() {
			ResponseEntity<JsonNode> response = operator().getForEntity("/actuator/chaosmonkey", JsonNode.class);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getBody().at("/chaosMonkeyProperties/enabled").asBoolean()).isFalse();
		}

		@Test
		void refusesAWriteWithoutCredentialsAndChangesNothing() {
			ResponseEntity<String> response = ActuatorSecurityTests.this.http
				.postForEntity("/actuator/chaosmonkey/enable", null, String.class);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(operator().getForEntity("/actuator/chaosmonkey/status", JsonNode.class)
				.getBody()
				.get("enabled")
				.asBoolean()).isFalse();
		}

		@Test
		void protectsEveryOtherEndpointAndTheLinksPage() {
			assertThat(get("/actuator/loggers").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(get("/actuator").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(operator().getForEntity("/actuator/loggers", String.class).getStatusCode())
				.isEqualTo(HttpStatus.OK);
		}

		@Test
		void acceptsAWriteFromTheOperatorWithoutACsrfToken() {
			HttpEntity<String> level = new HttpEntity<>("{\"configuredLevel\":\"DEBUG\"}", json());

			ResponseEntity<String> response = operator().exchange("/actuator/loggers/com.example.shop.operations",
					HttpMethod.POST, level, String.class);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
			assertThat(response.getHeaders().get(HttpHeaders.SET_COOKIE)).isNull();
		}

	}

	private ResponseEntity<String> get(String path) {
		return this.http.getForEntity(path, String.class);
	}

	private TestRestTemplate operator() {
		return this.http.withBasicAuth(OperationsTest.USER, OperationsTest.PASSWORD);
	}

	private static HttpHeaders json() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return headers;
	}

}
