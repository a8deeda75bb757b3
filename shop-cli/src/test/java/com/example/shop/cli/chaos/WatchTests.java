package com.example.shop.cli.chaos;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watch reads what services publish about themselves over real HTTP (services played
 * by WireMock), and the timeline turns samples into transitions and recovery times.
 */
class WatchTests {

	private static final String ORDERS_METRICS = """
			# HELP resilience4j_circuitbreaker_state The states of the circuit breaker
			# TYPE resilience4j_circuitbreaker_state gauge
			resilience4j_circuitbreaker_state{name="catalog",state="closed"} 0.0
			resilience4j_circuitbreaker_state{name="catalog",state="open"} 1.0
			resilience4j_circuitbreaker_state{name="orders-db",state="closed"} 1.0
			resilience4j_circuitbreaker_state{name="orders-db",state="open"} 0.0
			# HELP outbox_backlog Events in the outbox not yet acknowledged by Kafka
			# TYPE outbox_backlog gauge
			outbox_backlog 7.0
			""";

	private WireMockServer orders;

	private WireMockServer catalog;

	@BeforeEach
	void services() {
		this.orders = new WireMockServer(options().dynamicPort());
		this.orders.start();
		this.orders.stubFor(get("/actuator/health").willReturn(okJson("{\"status\":\"UP\"}")));
		this.orders.stubFor(get("/actuator/prometheus")
			.willReturn(aResponse().withHeader("Content-Type", "text/plain").withBody(ORDERS_METRICS)));
		this.catalog = new WireMockServer(options().dynamicPort());
		this.catalog.start();
		this.catalog.stubFor(get("/actuator/health").willReturn(aResponse().withStatus(503)));
		this.catalog.stubFor(get("/actuator/prometheus").willReturn(aResponse().withBody("outbox_backlog NaN\n")));
	}

	@AfterEach
	void stop() {
		this.orders.stop();
		this.catalog.stop();
	}

	@Test
	void samplesHealthBreakersOutboxAndLagOfEveryService() throws IOException {
		Map<String, URI> services = new LinkedHashMap<>();
		services.put("order-1", URI.create(this.orders.baseUrl()));
		services.put("catalog", URI.create(this.catalog.baseUrl()));
		services.put("payment", URI.create("http://localhost:" + closedPort()));

		Watch.Sample sample;
		try (Watch watch = new Watch(services, () -> Map.of("order-service", 4L), System.currentTimeMillis())) {
			await().atMost(Duration.ofSeconds(10)).until(() -> watch.latest() != null);
			sample = watch.latest();
		}

		Watch.PartView order = sample.parts().get("order-1");
		assertThat(order.reachable()).isTrue();
		assertThat(order.healthy()).isTrue();
		assertThat(order.breakers()).containsExactly(Map.entry("catalog", "open"), Map.entry("orders-db", "closed"));
		assertThat(order.outbox()).isEqualTo(7);
		Watch.PartView catalog = sample.parts().get("catalog");
		assertThat(catalog.reachable()).isTrue();
		assertThat(catalog.healthy()).isFalse();
		assertThat(catalog.outbox()).as("a backlog that could not be counted").isNull();
		assertThat(sample.parts().get("payment")).isEqualTo(Watch.PartView.UNREACHABLE);
		assertThat(sample.lag()).containsExactly(Map.entry("order-service", 4L));
		assertThat(sample.healthy()).isFalse();
		assertThat(sample.drained()).isFalse();
		assertThat(sample.notClosed()).containsExactly("order-1/catalog open");
		assertThat(sample.unhealthy()).containsExactly("catalog (down)", "payment (unreachable)");
	}

	@Test
	void aLagThatCannotBeReadLeavesTheSampleWithoutLag() {
		try (Watch watch = new Watch(Map.of("order-1", URI.create(this.orders.baseUrl())), () -> null,
				System.currentTimeMillis())) {
			await().atMost(Duration.ofSeconds(10)).until(() -> watch.latest() != null);
			assertThat(watch.latest().lag()).isNull();
			assertThat(watch.latest().drained()).isFalse();
		}
	}

	@Test
	void theTimelineFindsTransitionsTheFirstOpeningAndTheRecovery() {
		Watch.Timeline timeline = new Watch.Timeline(
				List.of(sample(0, "closed", 0, 0), sample(1, "closed", 3, 0), sample(2, "open", 9, 5), unreachable(3),
						sample(4, "half_open", 4, 2), sample(5, "closed", 1, 0), sample(6, "closed", 0, 0)));

		assertThat(timeline.transitions()).containsExactly(
				new Watch.Transition(Duration.ofSeconds(2), "gateway/orders", "closed", "open"),
				new Watch.Transition(Duration.ofSeconds(4), "gateway/orders", "open", "half_open"),
				new Watch.Transition(Duration.ofSeconds(5), "gateway/orders", "half_open", "closed"));
		assertThat(timeline.firstOpening(Duration.ofMillis(500), null).at()).isEqualTo(Duration.ofSeconds(2));
		assertThat(timeline.firstOpening(Duration.ofMillis(500), Duration.ofSeconds(2))).isNull();
		assertThat(timeline.healthySince(Duration.ofSeconds(2)).at())
			.as("every part up, no breaker open (half-open lets calls through)")
			.isEqualTo(Duration.ofSeconds(4));
		assertThat(timeline.drainedSince(Duration.ofSeconds(2)).at()).as("outbox empty, lag zero")
			.isEqualTo(Duration.ofSeconds(6));
		assertThat(timeline.every(Duration.ofSeconds(2))).extracting(Watch.Sample::at)
			.containsExactly(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(6));
	}

	private static Watch.Sample sample(int second, String breaker, long outbox, long lag) {
		return new Watch.Sample(Duration.ofSeconds(second),
				Map.of("gateway", new Watch.PartView(true, true, Map.of("orders", breaker), null), "order-1",
						new Watch.PartView(true, true, Map.of(), outbox)),
				Map.of("order-service", lag));
	}

	private static Watch.Sample unreachable(int second) {
		return new Watch.Sample(Duration.ofSeconds(second),
				Map.of("gateway", Watch.PartView.UNREACHABLE, "order-1", Watch.PartView.UNREACHABLE), null);
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
