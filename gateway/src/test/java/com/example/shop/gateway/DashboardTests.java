package com.example.shop.gateway;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard on a whole gateway, with stand-ins for the services and the local stack's
 * control port: the page is served, and what the services, the stack and the load
 * balancer say becomes parts, breakers, queues and events, with a service that stops
 * answering shown down.
 */
@AutoConfigureWebTestClient(timeout = "20s")
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shop.dashboard.kafka.bootstrap-servers=", "shop.dashboard.timeout=1s" })
class DashboardTests {

	@RegisterExtension
	static final ShopServices services = new ShopServices();

	static final WireMockServer stack = services.stack;

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@BeforeEach
	void healthyShop() {
		services.all.forEach((service) -> healthy(service, ""));
		healthy(services.order1, """
				resilience4j_circuitbreaker_state{name="catalog",state="closed"} 1.0
				resilience4j_circuitbreaker_state{name="catalog",state="open"} 0.0
				resilience4j_circuitbreaker_failure_rate{name="catalog"} -1.0
				resilience4j_bulkhead_max_allowed_concurrent_calls{name="catalog"} 20.0
				resilience4j_bulkhead_available_concurrent_calls{name="catalog"} 18.0
				outbox_backlog 3.0
				shop_orders_total{reason="none",status="PENDING"} 10.0
				""");
		services.provider.stubFor(get("/admin/faults").willReturn(okJson(
				"{\"latencyMs\":0,\"latencyJitterMs\":0,\"errorRate\":0.0,\"declineRate\":0.0,\"dropResponseRate\":0.0}")));
		stack.stubFor(get("/parts").willReturn(
				okJson("""
						{"parts":[{"name":"pg-primary","state":"up","busy":false},{"name":"pg-replica","state":"paused","busy":false},
						{"name":"kafka","state":"up","busy":false},{"name":"payment","state":"down","busy":true}]}""")));
		stack.stubFor(get("/load").willReturn(okJson("{}")));
	}

	@Test
	void servesThePageAtTheRoot() {
		this.client.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("Fault-tolerant shop", "/dashboard/dashboard.js"));
		this.client.get().uri("/dashboard/dashboard.js").exchange().expectStatus().isOk();
	}

	@Test
	void showsEachPartAsItsServiceAndTheStackSayAndWhatTheBreakersAndQueuesHold() {
		JsonNode snapshot = snapshot();

		// the gateway looks at itself on its own (here random) port
		assertThat(snapshot.path("parts").get(0).path("name").asText()).isEqualTo("gateway");
		assertThat(state(snapshot, "gateway")).isEqualTo("up");
		assertThat(state(snapshot, "catalog")).isEqualTo("up");
		assertThat(state(snapshot, "order-1")).isEqualTo("up");
		assertThat(state(snapshot, "payment")).isEqualTo("down");
		assertThat(part(snapshot, "payment").path("busy").asBoolean()).isTrue();
		assertThat(state(snapshot, "pg-replica")).isEqualTo("paused");
		assertThat(state(snapshot, "pg-primary")).isEqualTo("up");
		// the broker is what its admin client hears, not what the stack says of the
		// process
		assertThat(state(snapshot, "kafka")).isEqualTo("down");
		assertThat(snapshot.path("breakers")).anySatisfy((breaker) -> {
			assertThat(breaker.path("part").asText()).isEqualTo("order-1");
			assertThat(breaker.path("state").asText()).isEqualTo("closed");
		});
		assertThat(snapshot.path("bulkheads")).anySatisfy((bulkhead) -> {
			assertThat(bulkhead.path("name").asText()).isEqualTo("catalog");
			assertThat(bulkhead.path("used").asInt()).isEqualTo(2);
		});
		assertThat(snapshot.path("saga").path("outbox").path("order").asLong()).isEqualTo(3);
		assertThat(snapshot.path("controls").path("stack").asBoolean()).isTrue();
		assertThat(snapshot.path("controls").path("providerFaults").path("errorRate").asDouble()).isZero();
	}

	@Test
	void showsAServiceThatStopsAnsweringDownWithAnEventAndUpAgainOnceItAnswers() {
		assertThat(state(snapshot(), "catalog")).isEqualTo("up");
		services.catalog.stop();
		try {
			JsonNode down = snapshot();
			assertThat(state(down, "catalog")).isEqualTo("down");
			assertThat(part(down, "catalog").path("detail").asText()).isEqualTo("not answering");
			assertThat(texts(down)).contains("catalog is down (not answering)");
		}
		finally {
			services.catalog.start();
		}
		healthy(services.catalog, "");
		JsonNode back = snapshot();
		assertThat(state(back, "catalog")).isEqualTo("up");
		assertThat(texts(back)).contains("catalog is up (UP)");
	}

	@Test
	void notesABreakerChangingStateAndCountsOrdersAcrossLooks() {
		snapshot();
		healthy(services.order1, """
				resilience4j_circuitbreaker_state{name="catalog",state="closed"} 0.0
				resilience4j_circuitbreaker_state{name="catalog",state="open"} 1.0
				resilience4j_circuitbreaker_failure_rate{name="catalog"} 80.0
				shop_orders_total{reason="none",status="PENDING"} 14.0
				""");

		JsonNode snapshot = snapshot();

		assertThat(state(snapshot, "order-1")).isEqualTo("degraded");
		assertThat(texts(snapshot)).contains("order-1: breaker catalog closed → open (failure rate 80 %)");
		assertThat(snapshot.path("saga").path("ordersLastMinute").path("PENDING").asLong()).isEqualTo(4);
	}

	@Test
	void notesAnInstanceLeavingTheLoadBalancer() {
		snapshot();
		services.order2.stubFor(get("/actuator/health/readiness").atPriority(1)
			.willReturn(aResponse().withStatus(503).withBody("{\"status\":\"OUT_OF_SERVICE\"}")));
		try {
			// the load balancer checks every 2 s
			await().atMost(Duration.ofSeconds(20))
				.until(() -> texts(snapshot()).contains("order-2 left the load balancer (readiness failed)"));
		}
		finally {
			ShopServices.ready(services.order2);
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> texts(snapshot()).contains("order-2 is back in the load balancer"));
	}

	@Test
	void streamsSnapshotsToAnOpenPage() {
		Flux<ServerSentEvent<JsonNode>> stream = this.client.get()
			.uri("/dashboard/stream")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() {
			})
			.getResponseBody();

		List<ServerSentEvent<JsonNode>> events = stream.filter((event) -> event.data() != null)
			.take(3)
			.collectList()
			.block(Duration.ofSeconds(20));

		assertThat(events).hasSize(3).allSatisfy((event) -> {
			assertThat(event.event()).isEqualTo("snapshot");
			assertThat(event.data().path("parts")).hasSize(9);
		});
		assertThat(events.get(2).data().path("at").asText()).isNotEqualTo(events.get(0).data().path("at").asText());
	}

	private JsonNode snapshot() {
		return this.client.get()
			.uri("/dashboard/snapshot")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static JsonNode part(JsonNode snapshot, String name) {
		for (JsonNode part : snapshot.path("parts")) {
			if (part.path("name").asText().equals(name)) {
				return part;
			}
		}
		throw new AssertionError("no part " + name + " in " + snapshot);
	}

	private static String state(JsonNode snapshot, String name) {
		return part(snapshot, name).path("state").asText();
	}

	private static List<String> texts(JsonNode snapshot) {
		return snapshot.path("events").findValuesAsText("text");
	}

	static void healthy(WireMockServer service, String metrics) {
		service.stubFor(get("/actuator/health")
			.willReturn(okJson("{\"status\":\"UP\",\"components\":{\"db\":{\"status\":\"UP\"}}}")));
		service.stubFor(get("/actuator/prometheus").willReturn(
				aResponse().withStatus(200).withHeader("Content-Type", "text/plain;version=0.0.4").withBody(metrics)));
	}

}
