package com.example.shop.operations;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator turns Chaos Monkey on and off at runtime through its actuator endpoint, and
 * the application's REST controller really fails or slows down in between.
 */
@OperationsTest
class ChaosMonkeyToggleTests {

	private static final String NO_ASSAULTS = """
			{"level":1,"latencyActive":false,"exceptionsActive":false}""";

	@Autowired
	private TestRestTemplate http;

	@AfterEach
	void calmTheMonkey() {
		assertThat(operator().postForEntity("/actuator/chaosmonkey/disable", null, String.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
		assertThat(assaults(NO_ASSAULTS).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void startsLoadedButHarmless() {
		assertThat(status().get("enabled").asBoolean()).isFalse();
		assertThat(greeting().getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void failsTheControllerWhileTheExceptionAssaultIsOnAndStopsWhenDisabled() {
		assertThat(assaults("""
				{"level":1,"exceptionsActive":true,"latencyActive":false}""").getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(greeting().getStatusCode()).as("assault set, monkey still disabled").isEqualTo(HttpStatus.OK);

		ResponseEntity<JsonNode> enabled = operator().postForEntity("/actuator/chaosmonkey/enable", null,
				JsonNode.class);
		assertThat(enabled.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(enabled.getBody().get("enabled").asBoolean()).isTrue();
		assertThat(greeting().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(greeting().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);

		operator().postForEntity("/actuator/chaosmonkey/disable", null, String.class);
		assertThat(status().get("enabled").asBoolean()).isFalse();
		assertThat(greeting().getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void slowsTheControllerWhileTheLatencyAssaultIsOnAndStopsWhenDisabled() {
		Duration latency = Duration.ofMillis(1500);
		assertThat(assaults("""
				{"level":1,"latencyActive":true,"latencyRangeStart":%d,"latencyRangeEnd":%d,"exceptionsActive":false}"""
			.formatted(latency.toMillis(), latency.toMillis())).getStatusCode()).isEqualTo(HttpStatus.OK);
		operator().postForEntity("/actuator/chaosmonkey/enable", null, String.class);

		assertThat(timed(this::greeting)).isGreaterThanOrEqualTo(latency);

		operator().postForEntity("/actuator/chaosmonkey/disable", null, String.class);
		assertThat(timed(this::greeting)).isLessThan(latency);
	}

	private ResponseEntity<String> greeting() {
		return this.http.getForEntity(OperationsTestApplication.API, String.class);
	}

	private Duration timed(Runnable call) {
		long start = System.nanoTime();
		call.run();
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private JsonNode status() {
		return operator().getForEntity("/actuator/chaosmonkey/status", JsonNode.class).getBody();
	}

	private ResponseEntity<String> assaults(String json) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return operator().postForEntity("/actuator/chaosmonkey/assaults", new HttpEntity<>(json, headers),
				String.class);
	}

	private TestRestTemplate operator() {
		return this.http.withBasicAuth(OperationsTest.USER, OperationsTest.PASSWORD);
	}

}
