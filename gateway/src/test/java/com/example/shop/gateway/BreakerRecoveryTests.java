package com.example.shop.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A route breaker's whole cycle on the payment route: CLOSED, OPEN after the configured
 * minimum of failed calls (answered by the fallback without calling the service),
 * HALF_OPEN by itself after the wait in the open state, then CLOSED once the permitted
 * trial calls succeed, or OPEN again when they fail.
 */
// A generous client timeout: the first calls of a context are slow on a busy machine.
@AutoConfigureWebTestClient(timeout = "20s")
// Each class has its own services; its gateway (and its health checks) stop with it.
@DirtiesContext
// A shorter wait in the open state keeps the test fast; every other number is the YAML's.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=1s")
class BreakerRecoveryTests {

	@RegisterExtension
	static final ShopServices services = new ShopServices();

	private static final WireMockServer payment = services.payment;

	@Autowired
	private WebTestClient client;

	@Autowired
	private CircuitBreakerRegistry breakers;

	private CircuitBreaker breaker;

	private CircuitBreakerConfig config;

	private final List<CircuitBreakerOnStateTransitionEvent> transitions = new CopyOnWriteArrayList<>();

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@BeforeEach
	void reset() {
		this.breaker = this.breakers.circuitBreaker("payments");
		this.breaker.reset();
		this.config = this.breaker.getCircuitBreakerConfig();
		this.breaker.getEventPublisher().onStateTransition(this.transitions::add);
	}

	@Test
	void runsTheRouteBreakersWithTheConfiguredNumbers() {
		for (String name : List.of("catalog", "orders", "payments")) {
			CircuitBreakerConfig config = this.breakers.circuitBreaker(name).getCircuitBreakerConfig();
			// resilience4j.circuitbreaker.configs.default in application.yml
			assertThat(config.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
			assertThat(config.getSlidingWindowSize()).isEqualTo(10);
			assertThat(config.getMinimumNumberOfCalls()).isEqualTo(5);
			assertThat(config.getFailureRateThreshold()).isEqualTo(50);
			assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
			assertThat(config.isAutomaticTransitionFromOpenToHalfOpenEnabled()).isTrue();
			assertThat(waitInOpenState(config)).isEqualTo(Duration.ofSeconds(1));
		}
	}

	@Test
	void opensAfterTheMinimumOfFailedCallsAndClosesAgainOnceTheTrialCallsSucceed() {
		failingService();
		open();

		recoveredService();
		awaitHalfOpen();
		for (int trial = 1; trial <= this.config.getPermittedNumberOfCallsInHalfOpenState(); trial++) {
			assertThat(this.breaker.getState()).as("before trial call %d", trial).isEqualTo(State.HALF_OPEN);
			int before = ShopServices.apiRequests(payment);
			expectAnswerFromService();
			assertThat(ShopServices.apiRequests(payment)).as("trial call %d reached payment", trial)
				.isEqualTo(before + 1);
		}

		assertThat(this.breaker.getState()).isEqualTo(State.CLOSED);
		expectAnswerFromService();
		assertThat(this.transitions).extracting(CircuitBreakerOnStateTransitionEvent::getStateTransition)
			.containsExactly(StateTransition.CLOSED_TO_OPEN, StateTransition.OPEN_TO_HALF_OPEN,
					StateTransition.HALF_OPEN_TO_CLOSED);
	}

	@Test
	void opensAgainWhenTheTrialCallsFail() {
		failingService();
		open();

		awaitHalfOpen();
		int permitted = this.config.getPermittedNumberOfCallsInHalfOpenState();
		// The half-open verdict comes once all permitted trial calls are recorded.
		for (int trial = 1; trial <= permitted; trial++) {
			assertThat(this.breaker.getState()).as("before trial call %d", trial).isEqualTo(State.HALF_OPEN);
			int before = ShopServices.apiRequests(payment);
			expectFallback();
			assertThat(ShopServices.apiRequests(payment)).as("trial call %d reached payment", trial)
				.isGreaterThan(before);
		}

		assertThat(this.breaker.getState()).isEqualTo(State.OPEN);
		expectFallbackWithoutCallingTheService();
		assertThat(this.transitions).extracting(CircuitBreakerOnStateTransitionEvent::getStateTransition)
			.containsExactly(StateTransition.CLOSED_TO_OPEN, StateTransition.OPEN_TO_HALF_OPEN,
					StateTransition.HALF_OPEN_TO_OPEN);

		// ...and it tries again after the next wait, closing once payment is back.
		recoveredService();
		awaitHalfOpen();
		for (int trial = 1; trial <= permitted; trial++) {
			expectAnswerFromService();
		}
		assertThat(this.breaker.getState()).isEqualTo(State.CLOSED);
	}

	/**
	 * Fails exactly the configured minimum of calls: the breaker opens on the last one.
	 */
	private void open() {
		for (int call = 1; call <= this.config.getMinimumNumberOfCalls(); call++) {
			assertThat(this.breaker.getState()).as("before failed call %d", call).isEqualTo(State.CLOSED);
			expectFallback();
		}
		assertThat(this.breaker.getState()).isEqualTo(State.OPEN);
		expectFallbackWithoutCallingTheService();
	}

	private void awaitHalfOpen() {
		Duration wait = waitInOpenState(this.config);
		await().atMost(wait.plusSeconds(10)).until(() -> this.breaker.getState() == State.HALF_OPEN);
		CircuitBreakerOnStateTransitionEvent opened = last(StateTransition.CLOSED_TO_OPEN,
				StateTransition.HALF_OPEN_TO_OPEN);
		CircuitBreakerOnStateTransitionEvent halfOpened = last(StateTransition.OPEN_TO_HALF_OPEN);
		// The open state schedules its end just before it announces itself: a few
		// milliseconds of slack.
		assertThat(Duration.between(opened.getCreationTime(), halfOpened.getCreationTime()))
			.isGreaterThanOrEqualTo(wait.minusMillis(50));
	}

	private CircuitBreakerOnStateTransitionEvent last(StateTransition... kinds) {
		List<StateTransition> wanted = List.of(kinds);
		return this.transitions.reversed()
			.stream()
			.filter((event) -> wanted.contains(event.getStateTransition()))
			.findFirst()
			.orElseThrow();
	}

	private void expectFallbackWithoutCallingTheService() {
		int before = ShopServices.apiRequests(payment);
		expectFallback();
		assertThat(ShopServices.apiRequests(payment)).isEqualTo(before);
	}

	private void expectFallback() {
		this.client.get()
			.uri("/api/payments/p-1")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://shop.example.com/problems/service-unavailable");
	}

	private void expectAnswerFromService() {
		this.client.get()
			.uri("/api/payments/p-1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("COMPLETED");
	}

	private static void failingService() {
		payment.stubFor(get(urlPathMatching("/api/payments/.*")).willReturn(aResponse().withStatus(500)));
	}

	private static void recoveredService() {
		payment.stubFor(get(urlPathMatching("/api/payments/.*")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"orderId\":\"p-1\",\"status\":\"COMPLETED\"}")));
	}

	private static Duration waitInOpenState(CircuitBreakerConfig config) {
		return Duration.ofMillis(config.getWaitIntervalFunctionInOpenState().apply(1));
	}

}
