package com.example.shop.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import com.example.shop.cli.Operator;

/**
 * {@code ./shop bench}: how fast, how heavy and how quickly the shop heals, measured in
 * one run on this machine and printed side by side with the project's goals and the
 * published figures of its peers. Absolute numbers drift with the machine; the ratios
 * (gateway against direct, orders against the database's own insert rate, degraded
 * against healthy) are what compare.
 * <p>
 * It starts the shop itself ({@code ./shop up --fresh}, timed), measures, and stops it;
 * {@code --running} measures a shop that is already up instead (its start is then not
 * timed). Every fault it injects it repairs before the next measure.
 */
public final class Bench {

	private static final URI GATEWAY = URI.create("http://localhost:8080");

	private static final URI CATALOG = URI.create("http://localhost:8081");

	/** One instance per database: the outboxes to drain. */
	private static final List<URI> OUTBOXES = List.of(URI.create("http://localhost:8082"), CATALOG,
			URI.create("http://localhost:8083"));

	/** Products with stock to spare for the end-to-end orders. */
	private static final long[] STOCKED = { 2, 7, 11, 14, 18 };

	private final Settings settings;

	private final Path home;

	private final Path state;

	private final Function<String[], Integer> shop;

	private final ShopProbe probe;

	private final HttpLoad load = new HttpLoad();

	private final List<Measure> measures = new ArrayList<>();

	private Bench(Settings settings, Path home, Path state, Function<String[], Integer> shop) {
		this.settings = settings;
		this.home = home;
		this.state = state;
		this.shop = shop;
		this.probe = new ShopProbe(GATEWAY, Operator.fromEnvironment());
	}

	/**
	 * How long each measure runs: {@code quick} only checks that every measure works.
	 *
	 * @param quick seconds instead of tens of seconds
	 * @param running measure the shop that is up instead of starting one
	 * @param out where the table goes (markdown)
	 */
	public record Settings(boolean quick, boolean running, Path out) {

		Duration seconds(int normal, int quick) {
			return Duration.ofSeconds(this.quick ? quick : normal);
		}

		int count(int normal, int quick) {
			return this.quick ? quick : normal;
		}

	}

	/**
	 * Runs every measure and writes the table.
	 * @param shop runs a {@code ./shop} subcommand in this process and returns its exit
	 * code
	 * @return 0, or 1 when the shop could not be started
	 */
	public static int run(Settings settings, Path home, Path state, Function<String[], Integer> shop) {
		Bench bench = new Bench(settings, home, state, shop);
		try (bench.load) {
			return bench.runAll();
		}
	}

	private int runAll() {
		Instant began = Instant.now();
		Process up = null;
		Duration startup = null;
		if (!this.settings.running()) {
			say("starting the shop: ./shop up --fresh");
			long start = System.nanoTime();
			up = startShop();
			if (up == null) {
				return 1;
			}
			startup = Duration.ofNanos(System.nanoTime() - start);
		}
		try {
			measure("weight", this::weightAfterStart, startup);
			warmUp();
			measure("gateway overhead", this::gatewayOverhead);
			measure("end to end", this::endToEnd);
			measure("order acceptance", this::orderAcceptance);
			measure("catalog down", this::catalogDown);
			measure("kafka outage", this::kafkaOutage);
			measure("overload", this::overload);
			measure("resilience overhead", this::resilienceOverhead);
		}
		finally {
			if (up != null) {
				say("stopping the shop");
				this.shop.apply(new String[] { "down" });
			}
		}
		String table = BenchReport.markdown(this.measures, began, this.settings);
		System.out.println();
		System.out.println(BenchReport.text(this.measures));
		try {
			Files.createDirectories(this.settings.out().toAbsolutePath().getParent());
			Files.writeString(this.settings.out(), table);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		System.out.println("Written to " + this.settings.out());
		return 0;
	}

	private void measure(String name, Supplier<List<Measure>> measure) {
		say("measuring " + name);
		try {
			this.measures.addAll(measure.get());
		}
		catch (RuntimeException ex) {
			this.measures.add(Measure.failed(name, "", String.valueOf(ex.getMessage())));
		}
	}

	private void measure(String name, Function<Duration, List<Measure>> measure, Duration startup) {
		measure(name, () -> measure.apply(startup));
	}

	private Process startShop() {
		try {
			ProcessBuilder builder = new ProcessBuilder(this.home.resolve("shop").toString(), "up", "--fresh")
				.directory(this.home.toFile())
				.redirectErrorStream(true);
			builder.environment().put("SHOP_NO_BUILD", "1");
			Process up = builder.start();
			CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> readUntilUp(up));
			if (ready.get(10, TimeUnit.MINUTES)) {
				return up;
			}
			System.err.println("./shop up ended before the shop was up");
			return null;
		}
		catch (Exception ex) {
			System.err.println("The shop did not come up: " + ex.getMessage());
			return null;
		}
	}

	private static boolean readUntilUp(Process up) {
		try {
			BufferedReader lines = up.inputReader();
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith("The shop is up")) {
					Thread.ofVirtual().start(() -> up.inputReader().lines().forEach((rest) -> {
					}));
					return true;
				}
			}
			return false;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits until the saga has caught up with what earlier measures sent (every outbox
	 * empty, three looks a second apart, then the consumers' last events handled), at
	 * most three minutes: a measure taken behind another's backlog measures the backlog.
	 */
	private void settle() {
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		int empty = 0;
		while (empty < 3 && System.nanoTime() < deadline) {
			Long backlog = this.probe.backlog(OUTBOXES);
			empty = (backlog != null && backlog == 0) ? empty + 1 : 0;
			sleep(Duration.ofSeconds(1));
		}
		sleep(this.settings.seconds(5, 1));
	}

	/** Cold JVMs first: every kind of call, for a while, before anything is timed. */
	private void warmUp() {
		say("warming up");
		Duration warm = this.settings.seconds(20, 2);
		this.load.closed(4, warm,
				(n) -> (n % 4 == 0)
						? HttpLoad.order(GATEWAY, "warm-" + UUID.randomUUID(), STOCKED[(int) (n % STOCKED.length)], n)
						: HttpLoad.get(GATEWAY.resolve("/api/products/" + (1 + n % 20)), n));
		this.load.closed(4, this.settings.seconds(5, 1),
				(n) -> HttpLoad.get(CATALOG.resolve("/api/products/" + (1 + n % 20)), n));
	}

	private List<Measure> weightAfterStart(Duration startup) {
		Map<String, Weight.Memory> parts = Weight.ofParts(this.state.resolve("run"));
		Weight.Memory total = Weight.total(parts);
		List<Measure> measures = new ArrayList<>();
		double gib = total.pssBytes() / (1024.0 * 1024 * 1024);
		measures.add(new Measure("Memory of the whole local stack, " + parts.size() + " processes and their children",
				String.format("PSS %.2f GiB (RSS %.2f GiB)", gib, total.rssBytes() / (1024.0 * 1024 * 1024)), "≤ 2 GiB",
				"", gib <= 2));
		measures.add((startup != null)
				? new Measure("From `./shop up --fresh` to every part ready", String.format("%.0f s", seconds(startup)),
						"≤ 60 s", "", seconds(startup) <= 60)
				: new Measure("From `./shop up --fresh` to every part ready", "not measured (--running)", "≤ 60 s", "",
						null));
		return measures;
	}

	private List<Measure> gatewayOverhead() {
		Duration duration = this.settings.seconds(20, 2);
		int callers = this.settings.count(16, 4);
		URI direct = CATALOG.resolve("/api/products/1");
		URI routed = GATEWAY.resolve("/api/products/1");
		HttpLoad.Result catalog = this.load.closed(callers, duration, (n) -> HttpLoad.get(direct, n));
		HttpLoad.Result gateway = this.load.closed(callers, duration, (n) -> HttpLoad.get(routed, n));
		double ratio = gateway.goodput() / catalog.goodput();
		return List
			.of(new Measure("Gateway throughput against catalog direct, GET /api/products/1, " + callers + " callers",
					String.format("%.2f× (%.0f vs %.0f answers/s)", ratio, gateway.goodput(), catalog.goodput()),
					"≥ 0.6×", "Spring Cloud Gateway's own bench 0.28×, a 4-core run 0.41×, nginx 0.56×", ratio >= 0.6),
					new Measure("Latency the gateway adds, p50 / p99",
							String.format("+%.1f ms / +%.1f ms (%.1f / %.1f ms through it)",
									gateway.p50() - catalog.p50(), gateway.p99() - catalog.p99(), gateway.p50(),
									gateway.p99()),
							"", "", null));
	}

	private List<Measure> orderAcceptance() {
		Duration duration = this.settings.seconds(15, 2);
		int callers = this.settings.count(16, 4);
		OptionalDouble tps = Pgbench.singleInsertTps(55432, callers, duration, this.state.resolve("bench"));
		HttpLoad.Result orders = this.load.closed(callers, duration,
				(n) -> HttpLoad.order(GATEWAY, "accept-" + UUID.randomUUID(), 1 + n % 18, n));
		double accepted = orders.byStatus().getOrDefault(202, 0L) / orders.seconds();
		if (tps.isEmpty()) {
			return List.of(new Measure("Orders accepted per second (order + outbox row), " + callers + " callers",
					String.format("%.0f/s", accepted), "≥ 0.5× pgbench", "pgbench not found", null));
		}
		double ratio = accepted / tps.getAsDouble();
		return List.of(new Measure(
				"Orders accepted (order + outbox row) against pgbench's single-row inserts on the same primary, "
						+ callers + " clients each",
				String.format("%.2f× (%.0f orders/s vs %.0f tps)", ratio, accepted, tps.getAsDouble()), "≥ 0.5×",
				"the database's own limit, this run", ratio >= 0.5));
	}

	private List<Measure> endToEnd() {
		settle();
		int orders = this.settings.count(60, 5);
		double rate = 4;
		List<CompletableFuture<Double>> confirmed = new ArrayList<>();
		long interval = (long) (1000 / rate);
		for (int i = 0; i < orders; i++) {
			long product = STOCKED[i % STOCKED.length];
			long n = i;
			confirmed.add(CompletableFuture.supplyAsync(() -> placeAndFollow(product, n),
					(task) -> Thread.ofVirtual().start(task)));
			sleep(Duration.ofMillis(interval));
		}
		List<Double> seconds = confirmed.stream()
			.map(CompletableFuture::join)
			.filter((s) -> s != null)
			.sorted()
			.toList();
		if (seconds.isEmpty()) {
			return List.of(Measure.failed("Placed → CONFIRMED", "p99 ≤ 2 s", "no order was confirmed"));
		}
		double p50 = percentile(seconds, 50);
		double p99 = percentile(seconds, 99);
		return List.of(new Measure(
				"Placed → CONFIRMED, " + seconds.size() + " of " + orders + " orders at " + (int) rate
						+ "/s (saga: stock, payment at the provider, confirmation)",
				String.format("p50 %.2f s, p99 %.2f s", p50, p99), "p99 ≤ 2 s", "", p99 <= 2));
	}

	/** Seconds from sending the order to seeing it CONFIRMED, or null. */
	private Double placeAndFollow(long product, long n) {
		String key = "e2e-" + UUID.randomUUID();
		long start = System.nanoTime();
		HttpLoad.Answer placed = null;
		for (int attempt = 0; attempt < 5 && (placed == null || placed.status() != 202); attempt++) {
			placed = this.load.send(HttpLoad.order(GATEWAY, key, product, n));
		}
		if (placed.status() != 202) {
			return null;
		}
		String orderId = placed.response().body().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1");
		long deadline = start + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			HttpLoad.Answer order = this.load.send(HttpLoad.get(GATEWAY.resolve("/api/orders/" + orderId), n));
			if (order.response() != null && order.response().body().contains("\"status\":\"CONFIRMED\"")) {
				return (System.nanoTime() - start) / 1e9;
			}
			if (order.response() != null && order.response().body().contains("\"status\":\"REJECTED\"")) {
				return null;
			}
			sleep(Duration.ofMillis(20));
		}
		return null;
	}

	private List<Measure> catalogDown() {
		Duration duration = this.settings.seconds(10, 2);
		URI product = GATEWAY.resolve("/api/products/1");
		List<Measure> measures = new ArrayList<>();
		HttpLoad.Result healthy = this.load.closed(4, duration, (n) -> HttpLoad.get(product, n));

		// 20 reads a second while catalog is killed: how soon the gateway's breaker opens
		try (Background reads = new Background(() -> this.load.open(20, Duration.ofMinutes(3),
				(n) -> HttpLoad.get(GATEWAY.resolve("/api/products/" + (1 + n % 5)), n)))) {
			this.shop.apply(new String[] { "kill", "catalog" });
			long killed = System.nanoTime();
			Double open = awaitBreaker("OPEN", killed, Duration.ofSeconds(30));
			measures.add(new Measure("From `./shop kill catalog` to the gateway's catalog breaker open, at 20 reads/s",
					(open != null) ? String.format("%.1f s", open) : "did not open in 30 s", "≤ 2 s", "",
					open != null && open <= 2));
			reads.stop();
			HttpLoad.Result cached = this.load.closed(4, duration, (n) -> HttpLoad.get(product, n));
			double ratio = cached.p99() / healthy.p99();
			measures.add(new Measure("Product reads with catalog killed (last-known-good copy, X-Degraded), p99",
					String.format("%.1f ms, %.2f× healthy (%.1f ms); %d of %d answered 200", cached.p99(), ratio,
							healthy.p99(), cached.byStatus().getOrDefault(200, 0L), cached.calls()),
					"≤ 50 ms and ≤ 2× healthy", "", cached.p99() <= 50 && ratio <= 2));
		}
		try (Background reads = new Background(() -> this.load.open(20, Duration.ofMinutes(3),
				(n) -> HttpLoad.get(GATEWAY.resolve("/api/products/" + (1 + n % 5)), n)))) {
			this.shop.apply(new String[] { "restart", "catalog" });
			long ready = System.nanoTime();
			Double closed = awaitBreaker("CLOSED", ready, Duration.ofSeconds(60));
			measures.add(new Measure("From catalog ready again to the breaker closed, at 20 reads/s",
					(closed != null) ? String.format("%.1f s", closed) : "did not close in 60 s", "≤ 15 s", "",
					closed != null && closed <= 15));
		}
		return measures;
	}

	/**
	 * Seconds from {@code since} until the gateway's catalog breaker is in {@code state},
	 * or null.
	 */
	private Double awaitBreaker(String state, long since, Duration within) {
		long deadline = since + within.toNanos();
		while (System.nanoTime() < deadline) {
			if (state.equals(this.probe.breaker("catalog"))) {
				return (System.nanoTime() - since) / 1e9;
			}
			sleep(Duration.ofMillis(50));
		}
		return null;
	}

	private List<Measure> kafkaOutage() {
		Duration outage = this.settings.seconds(30, 5);
		Background orders = new Background(() -> this.load.open(5, Duration.ofMinutes(10),
				(n) -> HttpLoad.order(GATEWAY, "outage-" + UUID.randomUUID(), 1 + n % 18, n)));
		long down;
		try (orders) {
			this.shop.apply(new String[] { "kill", "kafka" });
			down = System.nanoTime();
			sleep(outage);
			orders.stop();
		}
		Long backlog = this.probe.backlog(OUTBOXES);
		this.shop.apply(new String[] { "restart", "kafka" });
		long back = System.nanoTime();
		double outageSeconds = (back - down) / 1e9;
		long deadline = back + Duration.ofMinutes(3).toNanos();
		Long left;
		while ((left = this.probe.backlog(OUTBOXES)) == null || left > 0) {
			if (System.nanoTime() > deadline) {
				return List.of(Measure.failed("Outbox drained after a Kafka outage", "≤ 0.25× the outage",
						"still " + left + " events after 3 minutes"));
			}
			sleep(Duration.ofMillis(100));
		}
		double drain = (System.nanoTime() - back) / 1e9;
		double ratio = drain / outageSeconds;
		return List.of(new Measure(
				"Outbox drained after Kafka was down " + Math.round(outageSeconds) + " s with orders coming in ("
						+ ((backlog != null) ? backlog + " events waiting" : "backlog unknown") + ")",
				String.format("%.1f s after Kafka was ready = %.2f× the outage", drain, ratio), "≤ 0.25× the outage",
				"", ratio <= 0.25));
	}

	private List<Measure> overload() {
		Duration duration = this.settings.seconds(15, 2);
		URI product = GATEWAY.resolve("/api/products/1");
		settle();
		// catalog restarted a minute ago: its JIT warms up before the peak is taken
		this.load.closed(this.settings.count(32, 8), this.settings.seconds(10, 1), (n) -> HttpLoad.get(product, n));
		HttpLoad.Result peak = this.load.closed(this.settings.count(32, 8), duration, (n) -> HttpLoad.get(product, n));
		double twice = Math.max(2, 2 * peak.goodput());
		HttpLoad.Result flood = this.load.open(twice, duration, (n) -> HttpLoad.get(product, n));
		double share = flood.goodput() / peak.goodput();
		double[] rejected = flood.rejected();
		return List.of(
				new Measure(
						"Product reads served at twice saturation (open load of " + Math.round(twice)
								+ "/s), share of the peak",
						String.format("%.0f %% (%.0f of %.0f answers/s)", share * 100, flood.goodput(), peak.goodput()),
						"≥ 80 %", "", share >= 0.8),
				(rejected != null)
						? new Measure("Refusals (503 overloaded, 429) at twice saturation, p50 / p99",
								String.format("%.1f ms / %.1f ms, %d refused", rejected[0], rejected[1],
										flood.byStatus().getOrDefault(503, 0L)
												+ flood.byStatus().getOrDefault(429, 0L)),
								"< 10 ms", "", rejected[1] < 10)
						: new Measure("Refusals (503 overloaded, 429) at twice saturation", "none refused", "< 10 ms",
								"", null));
	}

	private List<Measure> resilienceOverhead() {
		Path jar = this.home.resolve("benchmarks/target/benchmarks.jar");
		if (!Files.exists(jar)) {
			return List.of(Measure.failed("Resilience stack per call (JMH)", "≤ 1 µs", jar + " is not built"));
		}
		List<String> options = this.settings.quick()
				? List.of("-f", "1", "-wi", "1", "-w", "200ms", "-i", "1", "-r", "200ms")
				: List.of("-f", "1", "-wi", "5", "-w", "1s", "-i", "10", "-r", "1s");
		Map<String, Jmh.Score> scores = Jmh.run(jar, ProcessHandle.current().info().command().orElse("java"),
				"ResilienceOverhead", options, this.state.resolve("bench"));
		return BenchReport.resilience(scores);
	}

	static double percentile(List<Double> sorted, int percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void say(String what) {
		System.out.println("bench: " + what);
	}

	/** A load running on its own thread until stopped. */
	private static final class Background implements AutoCloseable {

		private final Thread thread;

		Background(Runnable load) {
			this.thread = Thread.ofVirtual().start(load);
		}

		void stop() {
			this.thread.interrupt();
		}

		@Override
		public void close() {
			stop();
			try {
				this.thread.join(Duration.ofSeconds(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
