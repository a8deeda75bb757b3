package com.example.shop.payments;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.shop.messaging.PaymentRequested;
import com.example.shop.messaging.Topics;
import com.example.shop.messaging.outbox.Outbox;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.example.shop.payments.payment.Payment;
import com.example.shop.payments.payment.PaymentService;
import com.example.shop.payments.payment.PaymentStatus;
import com.example.shop.payments.provider.ProviderClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.support.mapping.AbstractJavaTypeMapper;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * payment-service against real PostgreSQL and Kafka, with WireMock as the payment
 * provider over real HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shop.payments.retry.initial-interval=1s", "shop.payments.retry.poll-interval=100ms",
				"logging.level.org.apache.kafka=warn", "logging.level.kafka=warn" })
@Import(TestInfrastructureConfiguration.class)
// Tracing and the Prometheus registry, as a running service has them (tests leave them
// off unless asked).
@AutoConfigureObservability
class PaymentIT {

	private static final WireMockServer provider = new WireMockServer(options().dynamicPort().containerThreads(50));

	static {
		provider.start();
	}

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private ObjectMapper json;

	@Autowired
	private Outbox outbox;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private BulkheadRegistry bulkheads;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private PaymentService paymentService;

	@Value("${spring.kafka.bootstrap-servers}")
	private String bootstrapServers;

	@Value("${spring.application.name}")
	private String consumerGroup;

	private SagaTopics topics;

	@DynamicPropertySource
	static void provider(DynamicPropertyRegistry registry) {
		registry.add("shop.provider.base-url", provider::baseUrl);
	}

	@AfterAll
	static void stopProvider() {
		provider.stop();
	}

	@BeforeEach
	void connectToKafka() {
		this.topics = new SagaTopics(this.bootstrapServers, this.json);
	}

	@BeforeEach
	void closeTheBreaker() {
		breaker().reset();
	}

	@Test
	void completesAPaymentTheProviderApproves() throws Exception {
		double completed = payments("COMPLETED");
		double approved = attempts("approved");
		PaymentRequested request = PaymentRequested.of(UUID.randomUUID(), "c-42", new BigDecimal("25.00"),
				"key-" + UUID.randomUUID());
		providerAnswers(request, "APPROVED", null);

		this.topics.publish(Topics.PAYMENT_REQUESTS, request);

		JsonNode payment = awaitPayment(request.orderId(), "COMPLETED");
		assertThat(payment.get("attempts").asInt()).isOne();
		assertThat(payment.get("chargeId").asText()).isEqualTo(chargeId(request));
		assertThat(payment.get("amount").decimalValue()).isEqualByComparingTo("25.00");
		assertThat(payment.get("reason").isNull()).isTrue();
		JsonNode event = theOnlyEvent(request, "PaymentCompleted");
		assertThat(event.get("chargeId").asText()).isEqualTo(chargeId(request));
		assertThat(event.get("amount").decimalValue()).isEqualByComparingTo("25.00");
		assertThat(payments("COMPLETED")).isEqualTo(completed + 1);
		assertThat(attempts("approved")).isEqualTo(approved + 1);
	}

	@Test
	void declinesAPaymentTheProviderDeclines() throws Exception {
		double declined = payments("DECLINED");
		PaymentRequested request = PaymentRequested.of(UUID.randomUUID(), "c-42", new BigDecimal("4999.00"),
				"key-" + UUID.randomUUID());
		providerAnswers(request, "DECLINED", "CARD_LIMIT_EXCEEDED");

		this.topics.publish(Topics.PAYMENT_REQUESTS, request);

		JsonNode payment = awaitPayment(request.orderId(), "DECLINED");
		assertThat(payment.get("reason").asText()).isEqualTo("CARD_LIMIT_EXCEEDED");
		assertThat(theOnlyEvent(request, "PaymentDeclined").get("reason").asText()).isEqualTo("CARD_LIMIT_EXCEEDED");
		assertThat(payments("DECLINED")).isEqualTo(declined + 1);
	}

	@Test
	void chargesAndAnswersInTheTraceOfThePaymentRequest() throws Exception {
		PaymentRequested request = PaymentRequested.of(UUID.randomUUID(), "c-42", new BigDecimal("25.00"),
				"key-" + UUID.randomUUID());
		providerAnswers(request, "APPROVED", null);
		String traceId = UUID.randomUUID().toString().replace("-", "");

		this.topics.publish(Topics.PAYMENT_REQUESTS, request,
				Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

		awaitPayment(request.orderId(), "COMPLETED");
		assertThat(chargeCalls(request)).singleElement()
			.satisfies((call) -> assertThat(call.getHeader("traceparent")).startsWith("00-" + traceId + "-"));
		theOnlyEvent(request, "PaymentCompleted");
		assertThat(eventTraceParent(request)).startsWith("00-" + traceId + "-");
	}

	@Test
	void retriesAPaymentInTheTraceOfItsRequest() throws Exception {
		PaymentRequested request = PaymentRequested.of(UUID.randomUUID(), "c-42", new BigDecimal("25.00"),
				"key-" + UUID.randomUUID());
		// The first attempt's calls all fail (resilience4j's retry tries 3 times), so
		// only
		// the retrier's attempt, a second later, can complete it.
		String scenario = "down for one attempt " + request.orderId();
		String state = STARTED;
		for (int call = 1; call <= 3; call++) {
			provider.stubFor(charge(request).inScenario(scenario)
				.whenScenarioStateIs(state)
				.willReturn(aResponse().withStatus(503))
				.willSetStateTo("failed " + call));
			state = "failed " + call;
		}
		provider.stubFor(charge(request).inScenario(scenario)
			.whenScenarioStateIs(state)
			.willReturn(approval(request, "APPROVED", null)));
		String traceId = UUID.randomUUID().toString().replace("-", "");

		this.topics.publish(Topics.PAYMENT_REQUESTS, request,
				Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

		assertThat(awaitPayment(request.orderId(), "COMPLETED").get("attempts").asInt()).isEqualTo(2);
		assertThat(chargeCalls(request)).hasSize(4)
			.allSatisfy((call) -> assertThat(call.getHeader("traceparent")).startsWith("00-" + traceId + "-"));
		theOnlyEvent(request, "PaymentCompleted");
		assertThat(eventTraceParent(request)).startsWith("00-" + traceId + "-");
	}

	@Test
	void storesANewPaymentHeldByItsFirstAttemptSoTheRetrierCannotTakeIt() throws Exception {
		PaymentRequested request = PaymentRequested.of(UUID.randomUUID(), "c-42", new BigDecimal("25.00"),
				"key-" + UUID.randomUUID());
		provider.stubFor(charge(request).willReturn(approval(request, "APPROVED", null).withFixedDelay(1_000)));

		this.paymentService.request(request);

		// At once, before the attempt in the background has done anything: had the
		// payment
		// been stored due, the retrier (every 100 ms here) could charge it in a trace of
		// its own.
		Payment stored = this.paymentService.find(request.orderId());
		assertThat(stored.getStatus()).isEqualTo(PaymentStatus.PENDING);
		assertThat(stored.getAttempts()).isOne();
		assertThat(stored.getNextAttemptAt()).isAfter(stored.getCreatedAt().plusSeconds(10));
		awaitPayment(request.orderId(), "COMPLETED");
		assertThat(chargeCalls(request)).hasSize(1);
		assertThat(this.paymentService.find(request.orderId()).getAttempts()).isOne();
	}

	@Test
	void storesANewPaymentDueWhenTheBreakerIsOpenAndChargesItOnceItCloses() throws Exception {
		PaymentRequested request = PaymentRequested.of(UUID.randomUUID(), "c-42", new BigDecimal("25.00"),
				"key-" + UUID.randomUUID());
		providerAnswers(request, "APPROVED", null);
		breaker().transitionToForcedOpenState();

		this.paymentService.request(request);

		Payment stored = this.paymentService.find(request.orderId());
		assertThat(stored.getAttempts()).isZero();
		assertThat(stored.getNextAttemptAt()).isEqualTo(stored.getCreatedAt());
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> chargeCalls(request).isEmpty());
		breaker().reset();
		assertThat(awaitPayment(request.orderId(), "COMPLETED").get("attempts").asInt()).isOne();
		assertThat(chargeCalls(request)).hasSize(1);
	}

	@Test
	void exposesThePaymentAndResilienceMetersToPrometheus() {
		String scrape = this.http.getForObject("/actuator/prometheus", String.class);

		assertThat(scrape).contains("shop_payments_total{outcome=\"COMPLETED\"}",
				"shop_payments_total{outcome=\"DECLINED\"}",
				"shop_payment_charge_attempts_total{result=\"unavailable\"}", "outbox_backlog ");
		for (String metric : List.of("resilience4j_circuitbreaker_state", "resilience4j_circuitbreaker_failure_rate",
				"resilience4j_bulkhead_available_concurrent_calls",
				"resilience4j_bulkhead_max_allowed_concurrent_calls", "resilience4j_retry_calls_total")) {
			assertThat(scrape.lines()
				.filter((line) -> line.startsWith(metric + "{") && line.contains("name=\"provider\""))
				.toList()).as(metric).isNotEmpty();
		}
	}

	private double payments(String outcome) {
		return this.meters.get("shop.payments").tag("outcome", outcome).counter().count();
	}

	private double attempts(String result) {
		return this.meters.get("shop.payment.charge.attempts").tag("result", result).counter().count();
	}

	@Test
	void keepsThePaymentPendingWhileTheProviderIsDownAndCompletesItWhenItReturns() throws Exception {
		PaymentRequested request = PaymentRequested.of(UUID.randomUUID(), "c-42", new BigDecimal("25.00"),
				"key-" + UUID.randomUUID());
		provider.stubFor(charge(request).willReturn(aResponse().withStatus(503)));

		this.topics.publish(Topics.PAYMENT_REQUESTS, request);

		await().atMost(Duration.ofSeconds(30)).until(() -> breaker().getState() == CircuitBreaker.State.OPEN);
		assertThat(chargeCalls(request)).hasSize(breaker().getCircuitBreakerConfig().getMinimumNumberOfCalls());
		JsonNode pending = payment(request.orderId()).getBody();
		assertThat(pending.get("status").asText()).isEqualTo("PENDING");
		assertThat(pending.get("reason").isNull()).isTrue();

		providerAnswers(request, "APPROVED", null);

		JsonNode completed = awaitPayment(request.orderId(), "COMPLETED");
		assertThat(completed.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(completed.get("chargeId").asText()).isEqualTo(chargeId(request));
		assertThat(chargeCalls(request))
			.allSatisfy((call) -> assertThat(call.getHeader("Idempotency-Key")).isEqualTo(request.idempotencyKey()));
		theOnlyEvent(request, "PaymentCompleted");
	}

	@Test
	void completesWithTheOneChargeWhoseApprovalWasLostOnTheWay() throws Exception {
		PaymentRequested request = PaymentRequested.of(UUID.randomUUID(), "c-42", new BigDecimal("25.00"),
				"key-" + UUID.randomUUID());
		String scenario = "lost answer " + request.orderId();
		provider.stubFor(charge(request).inScenario(scenario)
			.whenScenarioStateIs(STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("charged"));
		provider.stubFor(charge(request).inScenario(scenario)
			.whenScenarioStateIs("charged")
			.willReturn(approval(request, "APPROVED", null).withStatus(200).withHeader("Idempotent-Replayed", "true")));

		this.topics.publish(Topics.PAYMENT_REQUESTS, request);

		JsonNode completed = awaitPayment(request.orderId(), "COMPLETED");
		assertThat(completed.get("chargeId").asText()).isEqualTo(chargeId(request));
		assertThat(chargeCalls(request)).hasSize(2)
			.allSatisfy((call) -> assertThat(call.getHeader("Idempotency-Key")).isEqualTo(request.idempotencyKey()));
		theOnlyEvent(request, "PaymentCompleted");
	}

	@Test
	void leavesPaymentsPendingWhileTheBulkheadIsFullAndStillAnswersReadsFast() throws Exception {
		Bulkhead bulkhead = this.bulkheads.bulkhead(ProviderClient.PROVIDER);
		int limit = bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
		List<PaymentRequested> requests = new ArrayList<>();
		for (int i = 0; i < limit + 3; i++) {
			PaymentRequested request = PaymentRequested.of(UUID.randomUUID(), "c-42", new BigDecimal("25.00"),
					"key-" + UUID.randomUUID());
			provider.stubFor(charge(request).willReturn(approval(request, "APPROVED", null).withFixedDelay(2_500)));
			requests.add(request);
		}
		payment(UUID.randomUUID());

		for (PaymentRequested request : requests) {
			this.topics.publish(Topics.PAYMENT_REQUESTS, request);
		}

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> bulkhead.getMetrics().getAvailableConcurrentCalls() == 0);
		for (PaymentRequested request : requests) {
			long started = System.nanoTime();
			ResponseEntity<JsonNode> response = payment(request.orderId());
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
			if (response.getStatusCode() == HttpStatus.OK) {
				assertThat(response.getBody().get("status").asText()).isEqualTo("PENDING");
			}
		}
		assertThat(requests.stream().mapToInt((request) -> chargeCalls(request).size()).sum()).isEqualTo(limit);

		for (PaymentRequested request : requests) {
			JsonNode completed = awaitPayment(request.orderId(), "COMPLETED");
			assertThat(completed.get("chargeId").asText()).isEqualTo(chargeId(request));
			assertThat(chargeCalls(request)).hasSize(1);
		}
	}

	@Test
	void chargesOnceForARepeatedPaymentRequest() throws Exception {
		PaymentRequested request = PaymentRequested.of(UUID.randomUUID(), "c-42", new BigDecimal("25.00"),
				"key-" + UUID.randomUUID());
		PaymentRequested redelivered = new PaymentRequested(UUID.randomUUID(), request.occurredAt(), request.orderId(),
				request.customerId(), request.amount(), request.idempotencyKey());
		providerAnswers(request, "APPROVED", null);

		this.topics.publish(Topics.PAYMENT_REQUESTS, request);
		this.topics.publish(Topics.PAYMENT_REQUESTS, request);
		this.topics.publish(Topics.PAYMENT_REQUESTS, redelivered);

		awaitPayment(request.orderId(), "COMPLETED");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.topics.consumedAll(this.consumerGroup, Topics.PAYMENT_REQUESTS));
		assertThat(payment(request.orderId()).getBody().get("attempts").asInt()).isOne();
		provider.verify(1, postRequestedFor(urlEqualTo("/charges"))
			.withRequestBody(matchingJsonPath("$.reference", equalTo(request.orderId().toString()))));
		theOnlyEvent(request, "PaymentCompleted");
	}

	@Test
	void answersNotFoundForAnOrderWithoutPayment() {
		ResponseEntity<JsonNode> response = payment(UUID.randomUUID());

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(response.getBody().get("type").asText())
			.isEqualTo("https://shop.example.com/problems/payment-not-found");
	}

	private CircuitBreaker breaker() {
		return this.breakers.circuitBreaker(ProviderClient.PROVIDER);
	}

	private static com.github.tomakehurst.wiremock.client.MappingBuilder charge(PaymentRequested request) {
		return post("/charges").withHeader("Idempotency-Key", equalTo(request.idempotencyKey()))
			.withRequestBody(matchingJsonPath("$.reference", equalTo(request.orderId().toString())));
	}

	private static void providerAnswers(PaymentRequested request, String status, String reason) {
		provider.stubFor(charge(request).willReturn(approval(request, status, reason)));
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder approval(PaymentRequested request,
			String status, String reason) {
		return aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"chargeId":"%s","reference":"%s","customerId":"%s","amount":%s,"status":"%s","reason":%s,
					 "createdAt":"2026-01-01T10:00:00Z"}""".formatted(chargeId(request), request.orderId(),
					request.customerId(), request.amount(), status, (reason != null) ? "\"" + reason + "\"" : "null"));
	}

	private static String chargeId(PaymentRequested request) {
		return "ch_" + request.orderId().toString().replace("-", "");
	}

	private static List<LoggedRequest> chargeCalls(PaymentRequested request) {
		return provider.findAll(postRequestedFor(urlEqualTo("/charges"))
			.withRequestBody(matchingJsonPath("$.reference", equalTo(request.orderId().toString()))));
	}

	private ResponseEntity<JsonNode> payment(UUID orderId) {
		return this.http.getForEntity("/api/payments/{orderId}", JsonNode.class, orderId);
	}

	private JsonNode awaitPayment(UUID orderId, String status) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> payment(orderId).getBody(),
					(body) -> body != null && status.equals(body.path("status").asText()));
	}

	/** The one event published for the request's order, once the outbox has drained. */
	private JsonNode theOnlyEvent(PaymentRequested request, String type) throws Exception {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.outbox.backlog() == 0);
		List<ConsumerRecord<String, String>> records = this.topics.recordsFor(Topics.PAYMENTS, request.orderId());
		assertThat(records).hasSize(1);
		ConsumerRecord<String, String> record = records.get(0);
		assertThat(new String(record.headers().lastHeader(AbstractJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME).value(),
				StandardCharsets.UTF_8))
			.isEqualTo(type);
		JsonNode event = this.json.readTree(record.value());
		assertThat(event.get("orderId").asText()).isEqualTo(request.orderId().toString());
		return event;
	}

	/** The {@code traceparent} header of the event published for the request's order. */
	private String eventTraceParent(PaymentRequested request) {
		ConsumerRecord<String, String> record = this.topics.recordsFor(Topics.PAYMENTS, request.orderId()).get(0);
		return new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
	}

}
