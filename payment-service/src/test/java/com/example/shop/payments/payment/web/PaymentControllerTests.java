package com.example.shop.payments.payment.web;

import java.time.Instant;
import java.util.UUID;

import com.example.shop.payments.payment.PaymentFixtures;
import com.example.shop.payments.payment.PaymentService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

@WebMvcTest(PaymentController.class)
class PaymentControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private PaymentService payments;

	@Test
	void showsThePaymentOfAnOrder() {
		UUID orderId = UUID.randomUUID();
		given(this.payments.find(orderId))
			.willReturn(PaymentFixtures.completed(orderId, "ch_1", Instant.parse("2026-01-01T10:00:00Z")));

		assertThat(this.mvc.get().uri("/api/payments/{id}", orderId)).hasStatusOk().bodyJson().isStrictlyEqualTo("""
				{"orderId":"%s","status":"COMPLETED","amount":25.00,"attempts":1,"chargeId":"ch_1","reason":null,
				 "createdAt":"2026-01-01T10:00:00Z","updatedAt":"2026-01-01T10:00:01Z"}""".formatted(orderId));
	}

	@Test
	void answersNotFoundForAnOrderWithoutPayment() {
		UUID orderId = UUID.randomUUID();
		given(this.payments.find(orderId)).willThrow(PaymentFixtures.notFound(orderId));

		assertThat(this.mvc.get().uri("/api/payments/{id}", orderId)).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://shop.example.com/problems/payment-not-found");
	}

	@Test
	void answersBadRequestForAnIdThatIsNoUuidWithoutEchoingIt() {
		MvcTestResult result = this.mvc.get().uri("/api/payments/{id}", "x<script>alert(1)").exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://shop.example.com/problems/invalid-request");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().doesNotContain("script");
	}

}
