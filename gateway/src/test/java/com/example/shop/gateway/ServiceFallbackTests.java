package com.example.shop.gateway;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
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
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order and payment routes' breakers: they open after the configured calls, then
 * answer a 503 problem at once without calling the service, so retries cannot pile up on
 * a dead one.
 */
// A generous client timeout: the first calls of a context are slow on a busy machine.
@AutoConfigureWebTestClient(timeout = "20s")
// Each class has its own services; its gateway (and its health checks) stop with it.
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ServiceFallbackTests {

	@RegisterExtension
	static final ShopServices services = new ShopServices();

	private static final List<WireMockServer> orders = List.of(services.order1, services.order2);

	@Autowired
	private WebTestClient client;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@BeforeEach
	void reset() {
		this.breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
	}

	@Test
	void opensAfterTheMinimumNumberOfFailedCallsThenAnswersFastWithoutCallingTheService() {
		orders.forEach((order) -> order
			.stubFor(any(urlPathMatching("/api/orders.*")).willReturn(aResponse().withStatus(500))));
		CircuitBreaker breaker = this.breakers.circuitBreaker("orders");

		// resilience4j.circuitbreaker.configs.default.minimumNumberOfCalls: 5
		for (int i = 1; i <= 5; i++) {
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			expectServiceUnavailable(this.client.get().uri("/api/orders/o-{i}", i).exchange());
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

		orders.forEach((order) -> order.stubFor(any(urlPathMatching("/api/orders.*")).atPriority(2)
			.willReturn(aResponse().withStatus(200).withFixedDelay(10_000))));
		int before = orders.stream().mapToInt(ShopServices::apiRequests).sum();
		long started = System.nanoTime();
		expectServiceUnavailable(this.client.get().uri("/api/orders/o-open").exchange());
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

		assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
		assertThat(orders.stream().mapToInt(ShopServices::apiRequests).sum()).isEqualTo(before);
	}

	@Test
	void keepsRetriesOfADeadServiceUnderOnePointOneTimesTheOfferedLoad() {
		orders.forEach((order) -> order.stubFor(any(urlPathMatching("/api/orders.*"))
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))));
		int offered = 50;

		for (int i = 0; i < offered; i++) {
			expectServiceUnavailable(this.client.get().uri("/api/orders/o-{i}", i).exchange());
		}

		int received = orders.stream().mapToInt(ShopServices::apiRequests).sum();
		// 5 calls until the breaker opens (minimumNumberOfCalls) × 3 attempts (Retry
		// retries: 2), then none
		assertThat(received).isEqualTo(5 * 3).isLessThan((int) (offered * 1.1));
	}

	@Test
	void answersPaymentsWithGatewayTimeoutProblemWhenTheTimeLimiterFires() {
		services.payment.stubFor(get(urlPathMatching("/api/payments/.*"))
			.willReturn(aResponse().withStatus(200).withFixedDelay(10_000)));

		long started = System.nanoTime();
		this.client.get()
			.uri("/api/payments/p-1")
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals("Retry-After", "5")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://shop.example.com/problems/gateway-timeout");

		// resilience4j.timelimiter.instances.payments.timeoutDuration: 5s
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(4500),
				Duration.ofMillis(6500));
	}

	private static void expectServiceUnavailable(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals("Retry-After", "5")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://shop.example.com/problems/service-unavailable");
	}

}
