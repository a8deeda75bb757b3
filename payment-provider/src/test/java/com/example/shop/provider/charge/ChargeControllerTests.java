package com.example.shop.provider.charge;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;

/** The bank's API alone; {@code ProviderFaultsIT} proves it stays open next to /admin. */
@WebMvcTest(ChargeController.class)
@AutoConfigureMockMvc(addFilters = false)
class ChargeControllerTests {

	private static final String BODY = """
			{"reference":"order-1","customerId":"c-42","amount":25.00}""";

	private static final BigDecimal LIMIT = new BigDecimal("1000.00");

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private ChargeService charges;

	@Nested
	class Charge {

		@Test
		void answersCreatedWithTheDecisionForANewKey() {
			var charge = com.example.shop.provider.charge.Charge.decide("key-1", "order-1", "c-42",
					new BigDecimal("25.00"), LIMIT);
			given(ChargeControllerTests.this.charges.charge(eq("key-1"), any()))
				.willReturn(ChargeResult.created(charge));

			assertThat(post("key-1", BODY)).hasStatus(HttpStatus.CREATED)
				.doesNotContainHeader("Idempotent-Replayed")
				.bodyJson()
				.isLenientlyEqualTo("""
						{"chargeId":"%s","reference":"order-1","customerId":"c-42","amount":25.00,
						 "status":"APPROVED","reason":null}""".formatted(charge.getId()));
		}

		@Test
		void answersOkWithReplayHeaderForARepeatedKey() {
			var charge = com.example.shop.provider.charge.Charge.decide("key-1", "order-1", "c-42",
					new BigDecimal("2500.00"), LIMIT);
			given(ChargeControllerTests.this.charges.charge(eq("key-1"), any()))
				.willReturn(ChargeResult.replayed(charge));

			assertThat(post("key-1", BODY)).hasStatus(HttpStatus.OK)
				.hasHeader("Idempotent-Replayed", "true")
				.bodyJson()
				.isLenientlyEqualTo("""
						{"chargeId":"%s","status":"DECLINED","reason":"CARD_LIMIT_EXCEEDED"}"""
					.formatted(charge.getId()));
		}

		@Test
		void answersUnprocessableWhenTheKeyWasUsedForAnotherBody() {
			given(ChargeControllerTests.this.charges.charge(eq("key-1"), any()))
				.willThrow(new IdempotencyKeyReusedException("key-1"));

			assertThat(post("key-1", BODY)).hasStatus(HttpStatus.UNPROCESSABLE_ENTITY)
				.bodyJson()
				.extractingPath("$.type")
				.isEqualTo("https://shop.example.com/problems/idempotency-key-reused");
		}

		@Test
		void rejectsARequestWithoutIdempotencyKey() {
			assertThat(ChargeControllerTests.this.mvc.post()
				.uri("/charges")
				.contentType(MediaType.APPLICATION_JSON)
				.content(BODY)).hasStatus(HttpStatus.BAD_REQUEST)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.extractingPath("$.type")
				.isEqualTo("https://shop.example.com/problems/bad-request");
			then(ChargeControllerTests.this.charges).should(never()).charge(any(), any());
		}

		@Test
		void rejectsABlankIdempotencyKey() {
			assertThat(post(" ", BODY)).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.extractingPath("$.type")
				.isEqualTo("https://shop.example.com/problems/invalid-request");
			then(ChargeControllerTests.this.charges).should(never()).charge(any(), any());
		}

		@Test
		void rejectsInvalidFieldsNamingEachOfThem() {
			assertThat(post("key-1", """
					{"reference":"","customerId":"c-42","amount":-1}""")).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.extractingPath("$.errors[*].field")
				.asArray()
				.containsExactlyInAnyOrder("reference", "amount");
			then(ChargeControllerTests.this.charges).should(never()).charge(any(), any());
		}

		@Test
		void rejectsMalformedJson() {
			assertThat(post("key-1", "{\"reference\":")).hasStatus(HttpStatus.BAD_REQUEST)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		}

		@Test
		void neverExplainsAnInternalError() {
			given(ChargeControllerTests.this.charges.charge(eq("key-1"), any()))
				.willThrow(new IllegalStateException("connection to 10.0.0.7 refused"));

			assertThat(post("key-1", BODY)).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR)
				.bodyText()
				.doesNotContain("10.0.0.7")
				.contains("https://shop.example.com/problems/internal-error");
		}

		private org.springframework.test.web.servlet.assertj.MvcTestResult post(String key, String body) {
			return ChargeControllerTests.this.mvc.post()
				.uri("/charges")
				.header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON)
				.content(body)
				.exchange();
		}

	}

	@Nested
	class Queries {

		@Test
		void listsTheChargesOfAReference() {
			var charge = com.example.shop.provider.charge.Charge.decide("key-1", "order-1", "c-42", BigDecimal.TEN,
					LIMIT);
			given(ChargeControllerTests.this.charges.findByReference("order-1")).willReturn(List.of(charge));

			assertThat(ChargeControllerTests.this.mvc.get().uri("/charges?reference=order-1")).hasStatusOk()
				.bodyJson()
				.isLenientlyEqualTo("""
						[{"chargeId":"%s","reference":"order-1","amount":10.00}]""".formatted(charge.getId()));
		}

		@Test
		void summarizesTheLedger() {
			given(ChargeControllerTests.this.charges.summarize())
				.willReturn(new ChargeSummary(3, new BigDecimal("75.50"), 1));

			assertThat(ChargeControllerTests.this.mvc.get().uri("/charges/summary")).hasStatusOk()
				.bodyJson()
				.isStrictlyEqualTo("""
						{"approvedCount":3,"approvedTotal":75.50,"declinedCount":1}""");
		}

	}

}
