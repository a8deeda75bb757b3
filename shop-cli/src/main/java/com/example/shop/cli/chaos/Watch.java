package com.example.shop.cli.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at the shop once a second while a scenario runs, through what the shop publishes
 * about itself: each service's health, circuit breakers and outbox backlog (its
 * actuator), and each consumer group's lag (from Kafka). The samples become the report's
 * breaker timeline, backlog and lag over time, and the time from each fault to a breaker
 * opening and from each repair to a healthy shop.
 */
final class Watch implements AutoCloseable {

	static final Duration PERIOD = Duration.ofSeconds(1);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

	private static final Pattern BREAKER = Pattern
		.compile("^resilience4j_circuitbreaker_state\\{[^}]*name=\"([^\"]+)\"[^}]*state=\"([^\"]+)\"[^}]*} 1\\.0$");

	private static final Pattern OUTBOX = Pattern.compile("^outbox_backlog(?:\\{[^}]*})? (\\S+)$");

	private final Map<String, URI> services;

	private final Supplier<Map<String, Long>> lag;

	private final long start;

	private final List<Sample> samples = new CopyOnWriteArrayList<>();

	private final Thread worker;

	private volatile boolean running = true;

	/**
	 * Starts watching.
	 * @param services each service part by name, e.g.
	 * {@code order-1 → http://localhost:8082}
	 * @param lag consumer lag per group; null when Kafka does not answer
	 * @param start the offset origin of the samples, epoch milliseconds
	 */
	Watch(Map<String, URI> services, Supplier<Map<String, Long>> lag, long start) {
		this.services = Map.copyOf(services);
		this.lag = lag;
		this.start = start;
		this.worker = Thread.ofVirtual().name("chaos-watch").start(this::watch);
	}

	private void watch() {
		long next = System.nanoTime();
		while (this.running) {
			this.samples.add(sample());
			next += PERIOD.toNanos();
			long wait;
			while (this.running && (wait = next - System.nanoTime()) > 0) {
				LockSupport.parkNanos(wait);
			}
		}
	}

	/** The samples so far, oldest first. */
	Timeline timeline() {
		return new Timeline(List.copyOf(this.samples));
	}

	/** The newest sample, or null before the first. */
	Sample latest() {
		return this.samples.isEmpty() ? null : this.samples.getLast();
	}

	@Override
	public void close() {
		this.running = false;
		LockSupport.unpark(this.worker);
		try {
			this.worker.join(Duration.ofSeconds(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Sample sample() {
		Duration at = Duration.ofMillis(System.currentTimeMillis() - this.start);
		CompletableFuture<Map<String, Long>> lag = CompletableFuture.supplyAsync(this.lag,
				(task) -> Thread.ofVirtual().start(task));
		Map<String, CompletableFuture<PartView>> views = new TreeMap<>();
		this.services.forEach((name, base) -> views.put(name,
				CompletableFuture.supplyAsync(() -> view(base), (task) -> Thread.ofVirtual().start(task))));
		Map<String, PartView> parts = new TreeMap<>();
		views.forEach((name, view) -> parts.put(name, view.join()));
		return new Sample(at, parts, lag.exceptionally((ex) -> null).join());
	}

	private static PartView view(URI base) {
		HttpResponse<String> health = get(base.resolve("/actuator/health"));
		if (health == null) {
			return PartView.UNREACHABLE;
		}
		HttpResponse<String> metrics = get(base.resolve("/actuator/prometheus"));
		if (metrics == null || metrics.statusCode() != 200) {
			return new PartView(true, health.statusCode() == 200, Map.of(), null);
		}
		return PartView.of(health.statusCode() == 200, metrics.body());
	}

	private static HttpResponse<String> get(URI uri) {
		try {
			return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * What one service said about itself.
	 *
	 * @param reachable whether it answered at all
	 * @param healthy whether its health endpoint answered 200 (UP)
	 * @param breakers each circuit breaker's state, as exported: {@code closed},
	 * {@code open}, {@code half_open}...
	 * @param outbox events in its outbox not yet acknowledged by Kafka; null when it has
	 * no outbox or could not count it
	 */
	record PartView(boolean reachable, boolean healthy, Map<String, String> breakers, Long outbox) {

		static final PartView UNREACHABLE = new PartView(false, false, Map.of(), null);

		/** Reads the breaker states and the outbox backlog from a Prometheus scrape. */
		static PartView of(boolean healthy, String prometheus) {
			Map<String, String> breakers = new TreeMap<>();
			Long outbox = null;
			for (String line : prometheus.split("\n")) {
				Matcher breaker = BREAKER.matcher(line);
				if (breaker.matches()) {
					breakers.put(breaker.group(1), breaker.group(2));
					continue;
				}
				Matcher backlog = OUTBOX.matcher(line);
				if (backlog.matches()) {
					double value = Double.parseDouble(backlog.group(1));
					outbox = Double.isNaN(value) ? null : Math.round(value);
				}
			}
			return new PartView(true, healthy, breakers, outbox);
		}

		/**
		 * Whether a breaker refuses calls (open, forced open). A half-open one lets trial
		 * calls through and stays half-open until calls come, which after a load may be
		 * never.
		 */
		boolean anyBreakerOpen() {
			return this.breakers.values()
				.stream()
				.anyMatch((state) -> state.equals("open") || state.equals("forced_open"));
		}

	}

	/**
	 * The shop at one moment.
	 *
	 * @param at offset from the load's start
	 * @param parts each watched service
	 * @param lag consumer lag per group; null when Kafka did not answer
	 */
	record Sample(Duration at, Map<String, PartView> parts, Map<String, Long> lag) {

		/**
		 * Every service answers UP and no breaker refuses calls: what a user sees as a
		 * working shop again.
		 */
		boolean healthy() {
			return this.parts.values().stream().allMatch((part) -> part.healthy() && !part.anyBreakerOpen());
		}

		/** Every outbox empty and every consumer group caught up. */
		boolean drained() {
			return this.lag != null && this.lag.values().stream().allMatch((lag) -> lag == 0)
					&& this.parts.values()
						.stream()
						.allMatch((part) -> part.reachable() && (part.outbox() == null || part.outbox() == 0));
		}

		/** Each outbox backlog that could be counted, as {@code part count}. */
		List<String> outboxes() {
			return this.parts.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().outbox() != null)
				.map((entry) -> entry.getKey() + " " + entry.getValue().outbox())
				.toList();
		}

		List<String> unhealthy() {
			return this.parts.entrySet()
				.stream()
				.filter((entry) -> !entry.getValue().healthy())
				.map((entry) -> entry.getKey() + (entry.getValue().reachable() ? " (down)" : " (unreachable)"))
				.toList();
		}

		List<String> notClosed() {
			List<String> breakers = new ArrayList<>();
			this.parts.forEach((part, view) -> view.breakers().forEach((name, state) -> {
				if (!state.equals("closed")) {
					breakers.add(part + "/" + name + " " + state);
				}
			}));
			return breakers;
		}

	}

	/**
	 * One breaker changing state between two samples.
	 *
	 * @param at when it was first seen in the new state
	 * @param breaker {@code part/name}
	 * @param from the state before
	 * @param to the state after
	 */
	record Transition(Duration at, String breaker, String from, String to) {

	}

	/** The samples of a run and what they add up to. */
	record Timeline(List<Sample> samples) {

		/**
		 * Every breaker state change seen, in order. A service that does not answer keeps
		 * its last known states; a restarted one shows its breakers' fresh states.
		 */
		List<Transition> transitions() {
			Map<String, String> known = new LinkedHashMap<>();
			List<Transition> transitions = new ArrayList<>();
			for (Sample sample : this.samples) {
				sample.parts().forEach((part, view) -> view.breakers().forEach((name, state) -> {
					String breaker = part + "/" + name;
					String before = known.put(breaker, state);
					if ((before == null && !state.equals("closed")) || (before != null && !before.equals(state))) {
						transitions.add(new Transition(sample.at(), breaker, (before != null) ? before : "?", state));
					}
				}));
			}
			return transitions;
		}

		/** The first breaker to open at or after {@code from} and before {@code to}. */
		Transition firstOpening(Duration from, Duration to) {
			return transitions().stream()
				.filter((transition) -> transition.to().equals("open") && transition.at().compareTo(from) >= 0
						&& (to == null || transition.at().compareTo(to) < 0))
				.findFirst()
				.orElse(null);
		}

		/** The first healthy sample at or after {@code from}, or null. */
		Sample healthySince(Duration from) {
			return this.samples.stream()
				.filter((sample) -> sample.at().compareTo(from) >= 0 && sample.healthy())
				.findFirst()
				.orElse(null);
		}

		/** The first drained sample at or after {@code from}, or null. */
		Sample drainedSince(Duration from) {
			return this.samples.stream()
				.filter((sample) -> sample.at().compareTo(from) >= 0 && sample.drained())
				.findFirst()
				.orElse(null);
		}

		/** One sample every {@code every}, for a table that fits a page. */
		List<Sample> every(Duration every) {
			List<Sample> picked = new ArrayList<>();
			Duration next = Duration.ZERO;
			for (Sample sample : this.samples) {
				if (sample.at().compareTo(next) >= 0) {
					picked.add(sample);
					while (next.compareTo(sample.at()) <= 0) {
						next = next.plus(every);
					}
				}
			}
			return picked;
		}

	}

}
