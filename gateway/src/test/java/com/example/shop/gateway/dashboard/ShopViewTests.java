package com.example.shop.gateway.dashboard;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShopViewTests {

	private static final DashboardProperties properties = new DashboardProperties(Duration.ofSeconds(1),
			Duration.ofSeconds(10), Duration.ofSeconds(2), 40, "gateway",
			Map.of("catalog", URI.create("http://catalog"), "order-1", URI.create("http://order-1"), "provider",
					URI.create("http://provider")),
			"provider", "order-service", null, "");

	private static final Readings.Service HEALTHY = service("UP", Map.of("db", "UP"), "");

	@Nested
	class Services {

		@Test
		void aServiceThatAnswersUpWithClosedBreakersIsUp() {
			Readings readings = readings(Map.of("catalog", service("UP", Map.of(),
					"resilience4j_circuitbreaker_state{name=\"catalog-db\",state=\"closed\"} 1.0")));

			assertThat(part(readings, "catalog")).isEqualTo(new Snapshot.Part("catalog", "service", "up", "UP", false));
		}

		@Test
		void aServiceThatDoesNotAnswerIsDown() {
			assertThat(part(readings(Map.of("catalog", Readings.Service.UNREACHABLE)), "catalog").state())
				.isEqualTo("down");
		}

		@Test
		void aServiceWhoseHealthIsNotUpIsDegradedAndSaysWhichCheckFails() {
			Snapshot.Part order = part(
					readings(Map.of("order-1", service("DOWN", Map.of("db", "DOWN", "ping", "UP"), ""))), "order-1");

			assertThat(order.state()).isEqualTo("degraded");
			assertThat(order.detail()).isEqualTo("health DOWN: [db]");
		}

		@Test
		void aServiceWithAnOpenBreakerIsDegraded() {
			Snapshot.Part order = part(readings(Map.of("order-1", service("UP", Map.of(), """
					resilience4j_circuitbreaker_state{name="catalog",state="closed"} 0.0
					resilience4j_circuitbreaker_state{name="catalog",state="open"} 1.0
					"""))), "order-1");

			assertThat(order.state()).isEqualTo("degraded");
			assertThat(order.detail()).isEqualTo("breaker open: catalog");
		}

		@Test
		void theProviderWithFaultsInjectedIsDegraded() throws Exception {
			Readings readings = new Readings(Instant.now(), Map.of("provider", HEALTHY), Readings.Kafka.UNREACHABLE,
					Readings.Stack.NONE, null, new ObjectMapper().readTree(
							"""
									{"latencyMs":2000,"latencyJitterMs":0,"errorRate":0.0,"declineRate":0.5,"dropResponseRate":0.0}"""));

			Snapshot.Part provider = part(readings, "provider");

			assertThat(provider.state()).isEqualTo("degraded");
			assertThat(provider.detail()).isEqualTo("faults injected: latencyMs 2000, declineRate 0.5");
		}

		@Test
		void theLocalStacksProcessStateComesFirst() {
			Readings.Stack stack = new Readings.Stack(true,
					Map.of("catalog", "paused", "order-1", "down", "provider", "starting"), List.of("provider"), null);
			Readings readings = new Readings(
					Instant.now(), Map.of("catalog", Readings.Service.UNREACHABLE, "order-1",
							Readings.Service.UNREACHABLE, "provider", Readings.Service.UNREACHABLE),
					Readings.Kafka.UNREACHABLE, stack, null, null);

			assertThat(part(readings, "catalog").state()).isEqualTo("paused");
			assertThat(part(readings, "order-1").state()).isEqualTo("down");
			assertThat(part(readings, "provider").state()).isEqualTo("starting");
			assertThat(part(readings, "provider").busy()).isTrue();
		}

	}

	@Nested
	class Infrastructure {

		@Test
		void theBrokerIsUpWhileItAnswers() {
			Readings readings = new Readings(Instant.now(), Map.of(), new Readings.Kafka(true, 3, Map.of()),
					Readings.Stack.NONE, null, null);

			assertThat(part(readings, "kafka"))
				.isEqualTo(new Snapshot.Part("kafka", "broker", "up", "3 brokers", false));
			assertThat(part(readings(Map.of()), "kafka").state()).isEqualTo("down");
		}

		@Test
		void thePrimaryIsWhatOrderServicesDatabaseCheckSays() {
			assertThat(part(readings(Map.of("order-1", HEALTHY)), "pg-primary").state()).isEqualTo("up");
			assertThat(
					part(readings(Map.of("order-1", service("DOWN", Map.of("db", "DOWN"), ""))), "pg-primary").state())
				.isEqualTo("down");
			assertThat(part(readings(Map.of("order-1", Readings.Service.UNREACHABLE)), "pg-primary").state())
				.isEqualTo("unknown");
		}

		@Test
		void theReplicaIsUpWhileCatalogMeasuresItsLag() {
			Readings lagging = readings(Map.of("catalog", service("UP", Map.of(), "shop_replica_lag_seconds 1.25")));
			Readings lost = readings(Map.of("catalog", service("UP", Map.of(), "shop_replica_lag_seconds NaN")));

			assertThat(part(lagging, "pg-replica"))
				.isEqualTo(new Snapshot.Part("pg-replica", "database", "up", String.format("lag %.1f s", 1.25), false));
			assertThat(ShopView.replicaLag(lagging)).isEqualTo(1.25);
			assertThat(part(lost, "pg-replica").state()).isEqualTo("down");
			assertThat(ShopView.replicaLag(lost)).isNull();
		}

		@Test
		void aRunningProcessIsUpWhenNothingElseTells() {
			Readings readings = new Readings(Instant.now(), Map.of(), Readings.Kafka.UNREACHABLE,
					new Readings.Stack(true, Map.of("pg-replica", "up"), List.of(), null), null, null);

			assertThat(part(readings, "pg-replica").state()).isEqualTo("up");
		}

	}

	@Test
	void readsBreakersWithTheirFailureRateAndBulkheadsWithTheirUse() {
		Readings readings = readings(Map.of("order-1", service("UP", Map.of(), """
				resilience4j_circuitbreaker_state{name="catalog",state="half_open"} 1.0
				resilience4j_circuitbreaker_state{name="catalog",state="open"} 0.0
				resilience4j_circuitbreaker_failure_rate{name="catalog"} 60.0
				resilience4j_bulkhead_max_allowed_concurrent_calls{name="catalog"} 20.0
				resilience4j_bulkhead_available_concurrent_calls{name="catalog"} 15.0
				""")));

		assertThat(ShopView.breakers(readings))
			.containsExactly(new Snapshot.Breaker("order-1", "catalog", "half_open", 60.0));
		assertThat(ShopView.bulkheads(readings)).containsExactly(new Snapshot.Bulkhead("order-1", "catalog", 5, 20));
	}

	@Test
	void countsASharedOutboxOncePerServiceAndDeadLettersPerTopic() {
		Map<String, Readings.Service> services = new LinkedHashMap<>();
		services.put("order-1", service("UP", Map.of(), """
				outbox_backlog 7.0
				shop_deadletters_waiting{topic="shop.stock-dlt"} 2.0
				"""));
		services.put("order-2", service("UP", Map.of(), """
				outbox_backlog 7.0
				shop_deadletters_waiting{topic="shop.stock-dlt"} 2.0
				"""));
		services.put("catalog", service("UP", Map.of(), "outbox_backlog NaN"));

		assertThat(ShopView.gauge(readings(services), "outbox_backlog", null)).containsExactly(Map.entry("order", 7L));
		assertThat(ShopView.gauge(readings(services), "shop_deadletters_waiting", "topic"))
			.containsExactly(Map.entry("shop.stock-dlt", 2L));
	}

	private static Readings readings(Map<String, Readings.Service> services) {
		return new Readings(Instant.now(), services, Readings.Kafka.UNREACHABLE, Readings.Stack.NONE, null, null);
	}

	private static Readings.Service service(String health, Map<String, String> components, String metrics) {
		return new Readings.Service(true, health, components, PrometheusScrape.parse(metrics));
	}

	private static Snapshot.Part part(Readings readings, String name) {
		return ShopView.parts(readings, properties)
			.stream()
			.filter((part) -> part.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

}
