package com.example.shop.gateway.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a round of {@link Readings} says about each part, breaker, bulkhead and the saga's
 * queues. A part is
 * <ul>
 * <li>{@code down}, {@code paused} or {@code starting} when its process is (local stack),
 * or {@code down} when it does not answer;</li>
 * <li>{@code degraded} when it answers but its health is not UP, one of its breakers
 * refuses calls, or (the provider) faults are injected;</li>
 * <li>{@code up} otherwise.</li>
 * </ul>
 * The broker is what its admin client hears; the primary is what order-service's database
 * health says; the replica is up while catalog can measure its lag.
 */
final class ShopView {

	static final String KAFKA = "kafka";

	static final String PRIMARY = "pg-primary";

	static final String REPLICA = "pg-replica";

	private ShopView() {
	}

	static List<Snapshot.Part> parts(Readings readings, DashboardProperties properties) {
		List<Snapshot.Part> parts = new ArrayList<>();
		readings.services()
			.forEach((name, service) -> parts.add(part(readings.stack(), name, "service",
					service(name, service, name.equals(properties.provider()) ? readings.providerFaults() : null))));
		parts.add(part(readings.stack(), KAFKA, "broker", kafka(readings.kafka())));
		parts.add(part(readings.stack(), PRIMARY, "database", primary(readings)));
		parts.add(part(readings.stack(), REPLICA, "database", replica(readings)));
		return parts;
	}

	/**
	 * A part's state and why: its process first (in the local stack), then its answers.
	 */
	private static Snapshot.Part part(Readings.Stack stack, String name, String kind, Seen seen) {
		String process = stack.parts().get(name);
		boolean busy = stack.busy().contains(name);
		if (process != null && !process.equals("up")) {
			String why = switch (process) {
				case "paused" -> "frozen (SIGSTOP): holds its connections, answers nothing";
				case "starting" -> "starting";
				default -> "process not running";
			};
			return new Snapshot.Part(name, kind, process, why, busy);
		}
		if (process != null && seen.state().equals("unknown")) {
			return new Snapshot.Part(name, kind, "up", "process running", busy);
		}
		return new Snapshot.Part(name, kind, seen.state(), seen.detail(), busy);
	}

	private static Seen service(String name, Readings.Service service, JsonNode faults) {
		if (!service.reachable()) {
			return state("down", "not answering");
		}
		if (!service.up()) {
			List<String> failing = service.components()
				.entrySet()
				.stream()
				.filter((component) -> !component.getValue().equals("UP"))
				.map(Map.Entry::getKey)
				.toList();
			return state("degraded", "health " + service.health() + (failing.isEmpty() ? "" : ": " + failing));
		}
		List<String> refusing = breakers(name, service).stream()
			.filter((breaker) -> breaker.state().equals("open") || breaker.state().equals("forced_open"))
			.map(Snapshot.Breaker::name)
			.toList();
		if (!refusing.isEmpty()) {
			return state("degraded", "breaker open: " + String.join(", ", refusing));
		}
		String injected = faults(faults);
		if (!injected.isEmpty()) {
			return state("degraded", "faults injected: " + injected);
		}
		return state("up", "UP");
	}

	private static String faults(JsonNode faults) {
		if (faults == null) {
			return "";
		}
		List<String> on = new ArrayList<>();
		faults.properties().forEach((knob) -> {
			if (knob.getValue().isNumber() && knob.getValue().asDouble() > 0) {
				on.add(knob.getKey() + " " + knob.getValue().asText());
			}
		});
		return String.join(", ", on);
	}

	private static Seen kafka(Readings.Kafka kafka) {
		return kafka.reachable() ? state("up", kafka.brokers() + " broker" + ((kafka.brokers() == 1) ? "" : "s"))
				: state("down", "the broker does not answer");
	}

	private static Seen primary(Readings readings) {
		return readings.services()
			.entrySet()
			.stream()
			.filter((entry) -> application(entry.getKey()).equals("order") && entry.getValue().reachable())
			.map((entry) -> entry.getValue().components().get("db"))
			.filter((status) -> status != null)
			.findFirst()
			.map((status) -> status.equals("UP") ? state("up", "order-service reaches it")
					: state("down", "order-service's database check: " + status))
			.orElse(state("unknown", "no order-service instance to ask"));
	}

	private static Seen replica(Readings readings) {
		Readings.Service catalog = readings.services().get("catalog");
		OptionalDouble lag = (catalog != null) ? catalog.metrics().value("shop_replica_lag_seconds", Map.of())
				: OptionalDouble.empty();
		if (lag.isEmpty()) {
			return state("unknown", "catalog does not say");
		}
		return Double.isNaN(lag.getAsDouble()) ? state("down", "catalog cannot reach it")
				: state("up", String.format("lag %.1f s", lag.getAsDouble()));
	}

	static Double replicaLag(Readings readings) {
		Readings.Service catalog = readings.services().get("catalog");
		if (catalog == null) {
			return null;
		}
		OptionalDouble lag = catalog.metrics().value("shop_replica_lag_seconds", Map.of());
		return (lag.isPresent() && !Double.isNaN(lag.getAsDouble())) ? lag.getAsDouble() : null;
	}

	static List<Snapshot.Breaker> breakers(Readings readings) {
		List<Snapshot.Breaker> breakers = new ArrayList<>();
		readings.services().forEach((name, service) -> breakers.addAll(breakers(name, service)));
		return breakers;
	}

	private static List<Snapshot.Breaker> breakers(String part, Readings.Service service) {
		return service.metrics()
			.named("resilience4j_circuitbreaker_state")
			.stream()
			.filter((sample) -> sample.value() == 1.0)
			.map((sample) -> new Snapshot.Breaker(part, sample.label("name"), sample.label("state"),
					service.metrics()
						.value("resilience4j_circuitbreaker_failure_rate", Map.of("name", sample.label("name")))
						.orElse(-1)))
			.sorted((a, b) -> a.name().compareTo(b.name()))
			.toList();
	}

	static List<Snapshot.Bulkhead> bulkheads(Readings readings) {
		List<Snapshot.Bulkhead> bulkheads = new ArrayList<>();
		readings.services().forEach((part, service) -> {
			for (PrometheusScrape.Sample max : service.metrics()
				.named("resilience4j_bulkhead_max_allowed_concurrent_calls")) {
				String name = max.label("name");
				double available = service.metrics()
					.value("resilience4j_bulkhead_available_concurrent_calls", Map.of("name", name))
					.orElse(max.value());
				bulkheads.add(new Snapshot.Bulkhead(part, name, (int) (max.value() - available), (int) max.value()));
			}
		});
		return bulkheads;
	}

	/**
	 * The largest value of {@code metric} per service (instances of one service report
	 * the same shared outbox) or per {@code label}.
	 */
	static Map<String, Long> gauge(Readings readings, String metric, String label) {
		Map<String, Long> values = new TreeMap<>();
		readings.services().forEach((part, service) -> {
			for (PrometheusScrape.Sample sample : service.metrics().named(metric)) {
				if (!Double.isNaN(sample.value())) {
					String key = (label != null) ? sample.label(label) : application(part);
					values.merge(key, Math.round(sample.value()), Math::max);
				}
			}
		});
		return values;
	}

	/** {@code order-1} and {@code order-2} are instances of {@code order}. */
	static String application(String part) {
		return part.replaceFirst("-\\d+$", "");
	}

	/** Labels of a sample, for a series key. */
	static String series(String part, PrometheusScrape.Sample sample) {
		return part + new TreeMap<>(sample.labels()).entrySet()
			.stream()
			.map(Map.Entry::toString)
			.collect(Collectors.joining(",", "{", "}"));
	}

	private static Seen state(String state, String detail) {
		return new Seen(state, detail);
	}

	/** What a part's answers say: its state and why. */
	private record Seen(String state, String detail) {

	}

}
