package com.example.shop.gateway.dashboard;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Looks at the whole shop once a {@code period} while a dashboard page is open (once an
 * {@code idle-period} otherwise), turns what it sees into a {@link Snapshot} and tells
 * every open page. Between two looks it notices what changed and keeps the latest notable
 * events: a part going down or coming back, a breaker changing state, an instance leaving
 * or rejoining the load balancer, new dead letters, an outbox filling up or draining, a
 * load run, and the operator's own actions.
 * <p>
 * Every source answers within the dashboard's timeout or counts as down, so a dead
 * service never stalls the page: the gateway serves it, and the page shows the service
 * down.
 */
@Component
class ShopMonitor implements SmartLifecycle {

	/** An outbox this full means events are not leaving: worth an event. */
	static final long BACKLOG_NOTABLE = 20;

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final DashboardProperties properties;

	/** Where this gateway's own port is, once it listens. */
	private final Environment environment;

	private final ServiceProbe services;

	private final KafkaProbe kafka;

	private final StackClient stack;

	private final BalancerProbe balancer;

	private final Sinks.Many<Snapshot> snapshots = Sinks.many().replay().latest();

	private final Deque<Snapshot.Event> events = new ArrayDeque<>();

	private final CounterRates orders = new CounterRates(MINUTE);

	private final CounterRates payments = new CounterRates(MINUTE);

	private final CounterRates degraded = new CounterRates(MINUTE);

	private volatile Snapshot last;

	private volatile List<String> lastBalanced;

	private volatile JsonNode lastLoad;

	private volatile Disposable looking;

	private volatile Instant started = Instant.now();

	ShopMonitor(DashboardProperties properties, ServiceProbe services, KafkaProbe kafka, StackClient stack,
			BalancerProbe balancer, Environment environment) {
		this.properties = properties;
		this.environment = environment;
		this.services = services;
		this.kafka = kafka;
		this.stack = stack;
		this.balancer = balancer;
	}

	/** The latest snapshot, then every new one. */
	Flux<Snapshot> snapshots() {
		return this.snapshots.asFlux();
	}

	/** Looks now, and tells the open pages. */
	Mono<Snapshot> lookNow() {
		return read().map(this::publish);
	}

	/** Notes something the operator did, for the event list. */
	void record(String kind, String text) {
		note(Instant.now(), kind, text);
	}

	private Mono<Readings> read() {
		Instant at = Instant.now();
		URI provider = this.properties.services().get(this.properties.provider());
		Map<String, URI> parts = new LinkedHashMap<>();
		parts.put(this.properties.self(),
				URI.create("http://localhost:" + this.environment.getProperty("local.server.port", "8080")));
		parts.putAll(this.properties.services());
		Mono<Map<String, Readings.Service>> services = Flux.fromIterable(parts.entrySet())
			.flatMapSequential((entry) -> this.services.read(entry.getValue())
				.map((reading) -> Map.entry(entry.getKey(), reading)))
			.collectList()
			.map((entries) -> {
				Map<String, Readings.Service> byName = new LinkedHashMap<>();
				entries.forEach((entry) -> byName.put(entry.getKey(), entry.getValue()));
				return byName;
			});
		Mono<Optional<List<String>>> balanced = this.balancer.read().map(Optional::of).defaultIfEmpty(Optional.empty());
		Mono<Optional<JsonNode>> faults = (provider != null)
				? this.services.faults(provider).map(Optional::of).defaultIfEmpty(Optional.empty())
				: Mono.just(Optional.empty());
		return Mono.zip(services, this.kafka.read(), this.stack.read(), balanced, faults)
			.map((all) -> new Readings(at, all.getT1(), all.getT2(), all.getT3(), all.getT4().orElse(null),
					all.getT5().orElse(null)));
	}

	private Snapshot publish(Readings readings) {
		Snapshot snapshot = snapshot(readings);
		Snapshot before = this.last;
		if (before != null) {
			notice(before, snapshot, readings);
		}
		if (readings.balanced() != null) {
			this.lastBalanced = readings.balanced();
		}
		this.lastLoad = readings.stack().load();
		this.last = snapshot;
		Snapshot withEvents = withEvents(snapshot);
		this.snapshots.tryEmitNext(withEvents);
		return withEvents;
	}

	private Snapshot snapshot(Readings readings) {
		Instant at = readings.at();
		readings.services().forEach((part, service) -> {
			count(this.orders, at, part, service, "shop_orders_total", "status");
			count(this.payments, at, part, service, "shop_payments_total", "outcome");
			count(this.degraded, at, part, service, "shop_gateway_degraded_total", "reason");
		});
		Map<String, Long> degradedByReason = this.degraded.within(at);
		Snapshot.Saga saga = new Snapshot.Saga(this.orders.within(at), this.payments.within(at),
				ShopView.gauge(readings, "outbox_backlog", null), readings.kafka().lag(),
				ShopView.gauge(readings, "shop_deadletters_waiting", "topic"), ShopView.replicaLag(readings));
		List<String> monkeys = List.copyOf(this.properties.services().keySet());
		return new Snapshot(at, ShopView.parts(readings, this.properties), ShopView.breakers(readings),
				ShopView.bulkheads(readings), saga,
				new Snapshot.Degraded(degradedByReason.values().stream().mapToLong(Long::longValue).sum(),
						degradedByReason),
				List.of(), new Snapshot.Controls(readings.stack().available(), readings.stack().load(),
						readings.providerFaults(), monkeys));
	}

	private static void count(CounterRates rates, Instant at, String part, Readings.Service service, String metric,
			String label) {
		for (PrometheusScrape.Sample sample : service.metrics().named(metric)) {
			rates.observe(at, ShopView.series(part, sample), sample.label(label), sample.value());
		}
	}

	private void notice(Snapshot before, Snapshot now, Readings readings) {
		Instant at = now.at();
		Map<String, Snapshot.Part> parts = new LinkedHashMap<>();
		before.parts().forEach((part) -> parts.put(part.name(), part));
		for (Snapshot.Part part : now.parts()) {
			Snapshot.Part earlier = parts.get(part.name());
			if (earlier != null && !earlier.state().equals(part.state())) {
				note(at, "part", part.name() + " is " + part.state() + " (" + part.detail() + ")");
			}
		}
		Map<String, String> breakers = new LinkedHashMap<>();
		before.breakers().forEach((breaker) -> breakers.put(breaker.part() + "/" + breaker.name(), breaker.state()));
		for (Snapshot.Breaker breaker : now.breakers()) {
			String earlier = breakers.get(breaker.part() + "/" + breaker.name());
			if (earlier != null && !earlier.equals(breaker.state())) {
				note(at, "breaker", breaker.part() + ": breaker " + breaker.name() + " " + earlier + " → "
						+ breaker.state() + rate(breaker.failureRate()));
			}
		}
		noticeBalancer(at, readings.balanced());
		now.saga().deadLetters().forEach((topic, waiting) -> {
			long earlier = before.saga().deadLetters().getOrDefault(topic, 0L);
			if (waiting > earlier) {
				note(at, "deadletter", (waiting - earlier) + " new dead letter" + ((waiting - earlier == 1) ? "" : "s")
						+ " in " + topic + " (" + waiting + " waiting)");
			}
		});
		now.saga().outbox().forEach((service, backlog) -> {
			long earlier = before.saga().outbox().getOrDefault(service, 0L);
			if (earlier < BACKLOG_NOTABLE && backlog >= BACKLOG_NOTABLE) {
				note(at, "outbox", service + " outbox backlog " + backlog + ": events are not leaving");
			}
			else if (earlier >= BACKLOG_NOTABLE && backlog == 0) {
				note(at, "outbox", service + " outbox drained");
			}
		});
		noticeLoad(at, readings.stack().load());
	}

	private void noticeBalancer(Instant at, List<String> balanced) {
		List<String> earlier = this.lastBalanced;
		if (earlier == null || balanced == null) {
			return;
		}
		earlier.stream()
			.filter((uri) -> !balanced.contains(uri))
			.forEach((uri) -> note(at, "balancer", instance(uri) + " left the load balancer (readiness failed)"));
		balanced.stream()
			.filter((uri) -> !earlier.contains(uri))
			.forEach((uri) -> note(at, "balancer", instance(uri) + " is back in the load balancer"));
	}

	private void noticeLoad(Instant at, JsonNode load) {
		boolean wasRunning = this.lastLoad != null && this.lastLoad.path("running").asBoolean();
		boolean running = load != null && load.path("running").asBoolean();
		if (running && !wasRunning) {
			note(at, "load", "load run started: " + load.path("rate").asText() + " calls/s for "
					+ load.path("durationSeconds").asText() + " s");
		}
		else if (wasRunning && !running && load != null) {
			note(at, "load", "load run ended: " + load.path("summary").asText("").lines().findFirst().orElse(""));
		}
	}

	/** The part name of a load-balanced instance URL, or the URL. */
	private String instance(String uri) {
		return this.properties.services()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().toString().equals(uri) || entry.getValue().toString().equals(uri + "/"))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(uri);
	}

	private static String rate(double failureRate) {
		return (failureRate >= 0) ? String.format(" (failure rate %.0f %%)", failureRate) : "";
	}

	private synchronized void note(Instant at, String kind, String text) {
		this.events.addFirst(new Snapshot.Event(at, kind, text));
		while (this.events.size() > this.properties.events()) {
			this.events.removeLast();
		}
	}

	private synchronized Snapshot withEvents(Snapshot snapshot) {
		return new Snapshot(snapshot.at(), snapshot.parts(), snapshot.breakers(), snapshot.bulkheads(), snapshot.saga(),
				snapshot.degraded(), List.copyOf(this.events), snapshot.controls());
	}

	/**
	 * Whether to look on this tick: always while a page is open, else once an idle period
	 * (the first an idle period after start).
	 */
	private boolean due() {
		Snapshot latest = this.last;
		Instant since = (latest != null) ? latest.at() : this.started;
		return this.snapshots.currentSubscriberCount() > 0
				|| !since.plus(this.properties.idlePeriod()).isAfter(Instant.now());
	}

	@Override
	public void start() {
		this.started = Instant.now();
		// Ticks that come while a look is still under way are dropped, never queued.
		this.looking = Flux.interval(Duration.ZERO, this.properties.period())
			.onBackpressureDrop()
			.concatMap((tick) -> due() ? lookNow().onErrorResume((ex) -> Mono.empty()) : Mono.empty(), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable disposable = this.looking;
		if (disposable != null) {
			disposable.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.looking != null && !this.looking.isDisposed();
	}

}
