package com.example.shop.provider;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "logging.level.org.apache.kafka=warn", "logging.level.kafka=warn" })
@Import(TestInfrastructureConfiguration.class)
class PaymentProviderIT {

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	@Nested
	class Charge {

		@Test
		void approvesAnAmountWithinTheCardLimit() {
			double approved = charges("approved");
			String reference = UUID.randomUUID().toString();

			ResponseEntity<JsonNode> response = charge(newKey(), reference, "25.00");

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
			JsonNode body = response.getBody();
			assertThat(body.get("chargeId").asText()).startsWith("ch_");
			assertThat(body.get("reference").asText()).isEqualTo(reference);
			assertThat(body.get("customerId").asText()).isEqualTo("c-42");
			assertThat(body.get("amount").decimalValue()).isEqualByComparingTo("25.00");
			assertThat(body.get("status").asText()).isEqualTo("APPROVED");
			assertThat(body.get("reason").isNull()).isTrue();
			assertThat(body.get("createdAt").asText()).isNotBlank();
			assertThat(charges("approved")).isEqualTo(approved + 1);
		}

		@Test
		void declinesAnAmountOverTheCardLimit() {
			double declined = charges("declined");
			ResponseEntity<JsonNode> response = charge(newKey(), UUID.randomUUID().toString(), "4999.00");

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
			assertThat(response.getBody().get("status").asText()).isEqualTo("DECLINED");
			assertThat(response.getBody().get("reason").asText()).isEqualTo("CARD_LIMIT_EXCEEDED");
			assertThat(charges("declined")).isEqualTo(declined + 1);
		}

		@Test
		void replaysTheStoredDecisionForTheSameKeyAndBody() {
			String key = newKey();
			String reference = UUID.randomUUID().toString();
			ResponseEntity<JsonNode> first = charge(key, reference, "25.00");
			double approved = charges("approved");
			double replayed = charges("replayed");

			ResponseEntity<JsonNode> replay = charge(key, reference, "25");

			assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(replay.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
			assertThat(replay.getBody()).isEqualTo(first.getBody());
			assertThat(rowsWithKey(key)).isOne();
			assertThat(charges("replayed")).isEqualTo(replayed + 1);
			assertThat(charges("approved")).as("no second decision").isEqualTo(approved);
		}

		@Test
		void refusesTheSameKeyWithAnotherBody() {
			String key = newKey();
			String reference = UUID.randomUUID().toString();
			charge(key, reference, "25.00");

			ResponseEntity<JsonNode> response = charge(key, reference, "26.00");

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
			assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(response.getBody().get("type").asText())
				.isEqualTo("https://shop.example.com/problems/idempotency-key-reused");
			assertThat(rowsWithKey(key)).isOne();
		}

		@Test
		void refusesARequestWithoutKey() {
			HttpHeaders headers = new HttpHeaders();
			headers.setContentType(MediaType.APPLICATION_JSON);

			ResponseEntity<JsonNode> response = PaymentProviderIT.this.http.exchange("/charges", HttpMethod.POST,
					new HttpEntity<>(body(UUID.randomUUID().toString(), "25.00"), headers), JsonNode.class);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		}

		@Test
		void recordsOneRowForConcurrentRequestsWithTheSameKey() throws Exception {
			String key = newKey();
			String reference = UUID.randomUUID().toString();
			int parallel = 8;
			CountDownLatch start = new CountDownLatch(1);
			List<Future<ResponseEntity<JsonNode>>> calls = new ArrayList<>();
			try (ExecutorService executor = Executors.newFixedThreadPool(parallel)) {
				for (int i = 0; i < parallel; i++) {
					calls.add(executor.submit(() -> {
						start.await();
						return charge(key, reference, "25.00");
					}));
				}
				start.countDown();
				List<ResponseEntity<JsonNode>> responses = new ArrayList<>();
				for (Future<ResponseEntity<JsonNode>> call : calls) {
					responses.add(call.get());
				}

				assertThat(responses).extracting(ResponseEntity::getStatusCode)
					.containsOnly(HttpStatus.CREATED, HttpStatus.OK)
					.filteredOn(HttpStatus.CREATED::equals)
					.hasSize(1);
				assertThat(responses).extracting((response) -> response.getBody().get("chargeId").asText())
					.containsOnly(responses.get(0).getBody().get("chargeId").asText());
			}
			assertThat(rowsWithKey(key)).isOne();
		}

	}

	private double charges(String result) {
		return this.meters.get("provider.charges").tag("result", result).counter().count();
	}

	@Nested
	class Queries {

		@Test
		void listsEveryChargeOfAReference() {
			String reference = UUID.randomUUID().toString();
			String approved = charge(newKey(), reference, "10.00").getBody().get("chargeId").asText();
			String declined = charge(newKey(), reference, "1000.01").getBody().get("chargeId").asText();

			ResponseEntity<JsonNode> response = PaymentProviderIT.this.http.getForEntity("/charges?reference={r}",
					JsonNode.class, reference);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getBody().findValuesAsText("chargeId")).containsExactly(approved, declined);
		}

		@Test
		void summarizesApprovedMoneyAndDeclines() {
			JsonNode before = summary();
			String key = newKey();
			String reference = UUID.randomUUID().toString();
			charge(key, reference, "10.00");
			charge(key, reference, "10.00");
			charge(newKey(), UUID.randomUUID().toString(), "20.50");
			charge(newKey(), UUID.randomUUID().toString(), "1500.00");

			JsonNode after = summary();

			assertThat(after.get("approvedCount").asLong()).isEqualTo(before.get("approvedCount").asLong() + 2);
			assertThat(after.get("approvedTotal").decimalValue())
				.isEqualByComparingTo(before.get("approvedTotal").decimalValue().add(new BigDecimal("30.50")));
			assertThat(after.get("declinedCount").asLong()).isEqualTo(before.get("declinedCount").asLong() + 1);
		}

		private JsonNode summary() {
			ResponseEntity<JsonNode> response = PaymentProviderIT.this.http.getForEntity("/charges/summary",
					JsonNode.class);
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			return response.getBody();
		}

	}

	private ResponseEntity<JsonNode> charge(String key, String reference, String amount) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.set("Idempotency-Key", key);
		return this.http.exchange("/charges", HttpMethod.POST, new HttpEntity<>(body(reference, amount), headers),
				JsonNode.class);
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

}
