package com.example.shop.cli.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import com.example.shop.cli.load.Call;
import com.example.shop.cli.load.CallLog;
import com.example.shop.cli.load.LoadGenerator;
import com.example.shop.cli.load.LoadProfile;
import com.example.shop.cli.load.LoadSummary;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Runs a {@link Scenario} against the running shop: offers its load, carries out its
 * steps on time, then lets the accepted orders settle and checks the invariants. Writes
 * {@code calls.jsonl}, {@code report.md} and {@code report.json} to its folder.
 */
public final class ChaosRunner {

	/** The services the run watches (health, breakers, outbox backlog). */
	static final List<String> WATCHED = List.of("gateway", "catalog", "order-1", "order-2", "payment", "provider");

	/** The consumer groups whose lag the run watches. */
	static final List<String> GROUPS = List.of("catalog-service", "order-service", "payment-service");

	/**
	 * ARCHITECTURE.md: after faults end, outboxes empty and consumers caught up within 60
	 * s.
	 */
	static final Duration CONVERGENCE = Duration.ofSeconds(60);

	private final StepExecutor steps;

	private final ShopData shop;

	private final URI gateway;

	private final Function<Long, Watch> watch;

	private final PrintStream out;

	/**
	 * @param watch starts watching the shop, with sample offsets from the given epoch
	 * milliseconds
	 */
	ChaosRunner(StepExecutor steps, ShopData shop, URI gateway, Function<Long, Watch> watch, PrintStream out) {
		this.steps = steps;
		this.shop = shop;
		this.gateway = gateway;
		this.watch = watch;
		this.out = out;
	}

	/**
	 * Runs each scenario in turn, then writes {@code summary.md} beside their reports:
	 * per scenario, orders accepted, lost, charged twice, p99 per phase, time to a
	 * breaker opening and back to healthy.
	 * @param files the scenario files, run in this order
	 * @param shop runs a {@code ./shop} subcommand in this process and returns its exit
	 * code
	 * @param portOf a part's port
	 * @return 0 when every invariant held in every scenario, 1 otherwise
	 */
	public static int run(List<Path> files, Path reports, Function<String[], Integer> shop,
			ToIntFunction<String> portOf) {
		List<Scenario> scenarios = files.stream().map(Scenario::read).toList();
		Map<String, URI> services = new LinkedHashMap<>();
		WATCHED.forEach((part) -> services.put(part, URI.create("http://localhost:" + portOf.applyAsInt(part))));
		List<Report> done = new ArrayList<>();
		try (ConsumerLag lag = new ConsumerLag("localhost:" + portOf.applyAsInt("kafka"), GROUPS)) {
			ChaosRunner runner = new ChaosRunner(new StepExecutor(shop, portOf), ShopData.local(),
					URI.create("http://localhost:" + portOf.applyAsInt("gateway")),
					(start) -> new Watch(services, lag, start), System.out);
			for (Scenario scenario : scenarios) {
				done.add(runner.run(scenario, reports.resolve(scenario.name() + "-" + System.currentTimeMillis())));
			}
		}
		if (done.size() > 1) {
			Path summary = reports.resolve("summary-" + System.currentTimeMillis() + ".md");
			try {
				Files.createDirectories(reports);
				Files.writeString(summary, summary(done));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			System.out.println();
			System.out.println(summary(done));
			System.out.println("Summary: " + summary.toAbsolutePath());
		}
		return done.stream().allMatch(Report::allHeld) ? 0 : 1;
	}

	static String summary(List<Report> reports) {
		StringBuilder md = new StringBuilder("# Chaos scenarios\n\n");
		md.append("| scenario | invariants | orders accepted | lost | charged twice | p99 per phase "
				+ "| fault → breaker open | repair done → healthy |\n|---|---|---|---|---|---|---|---|\n");
		reports.forEach((report) -> md.append(report.summaryRow()).append('\n'));
		return md.toString();
	}

	/** Runs one scenario and writes its report to {@code folder}. */
	Report run(Scenario scenario, Path folder) {
		this.out.printf("Scenario %s: %s%n", scenario.name(), scenario.description());
		Invariants.Snapshot before = snapshot();
		Path callLog = folder.resolve("calls.jsonl");
		long loadStart = System.currentTimeMillis();
		try (CallLog log = CallLog.create(callLog); Watch watch = this.watch.apply(loadStart)) {
			Report report = run(scenario, callLog, log, watch, before, loadStart);
			report.write(folder);
			report.invariants()
				.forEach((verdict) -> this.out.printf("  %s %s — %s%n", verdict.held() ? "HELD  " : "BROKEN",
						verdict.name(), verdict.detail()));
			this.out.println("Report: " + folder.resolve("report.md").toAbsolutePath());
			return report;
		}
	}

	private Report run(Scenario scenario, Path callLog, CallLog log, Watch watch, Invariants.Snapshot before,
			long loadStart) {
		List<StepEvent> events = new ArrayList<>();
		LoadProfile profile = LoadProfile.of(this.gateway, scenario.load().rate(), scenario.load().duration())
			.withRateChanges(scenario.rateChanges());
		CompletableFuture<LoadSummary> load = CompletableFuture.supplyAsync(
				() -> LoadGenerator.run(profile, log, (progress) -> this.out.println(progress.line())),
				(task) -> Thread.ofVirtual().start(task));
		for (Scenario.Step step : scenario.steps()) {
			awaitOffset(loadStart, step.at());
			long at = System.currentTimeMillis() - loadStart;
			this.out.printf("%4ds step: %s%n", Duration.ofMillis(at).toSeconds(), step.text());
			String outcome = this.steps.run(step.action());
			events.add(new StepEvent(step.at(), Duration.ofMillis(at),
					Duration.ofMillis(System.currentTimeMillis() - loadStart - at), step.text(), outcome));
		}
		LoadSummary summary = load.join();
		Duration loadEnded = Duration.ofMillis(System.currentTimeMillis() - loadStart);
		this.out.println(summary.report());
		this.out.println("Load over; waiting for the accepted orders to settle (up to "
				+ scenario.budgets().settle().toSeconds() + " s) and checking the invariants...");
		log.flush();
		List<Call> calls = CallLog.read(callLog);
		List<Phases.Phase> phases = Phases.of(calls, loadStart, scenario);
		Invariants.Checked checked = Invariants.check(calls, phases, before, this.shop, scenario.budgets());
		List<Invariants.Verdict> verdicts = new ArrayList<>(checked.verdicts());
		verdicts.add(converged(watch, Duration.ofMillis(System.currentTimeMillis() - loadStart), loadEnded));
		Watch.Timeline timeline = watch.timeline();
		return new Report(scenario, summary, checked.ordersAccepted(), checked.lost(), checked.doubleCharged(), events,
				recoveries(scenario, events, timeline), phases, verdicts, timeline);
	}

	/**
	 * ARCHITECTURE.md's convergence: once the orders have settled, every outbox empties
	 * and every consumer group catches up, within {@link #CONVERGENCE}.
	 * @param settled offset at which the orders had settled; only samples after it count
	 * @param loadEnded offset at which the load ended
	 */
	private Invariants.Verdict converged(Watch watch, Duration settled, Duration loadEnded) {
		String name = "converged: outboxes empty, consumer lag zero";
		long deadline = System.nanoTime() + CONVERGENCE.toNanos();
		Watch.Sample latest = watch.latest();
		while (latest == null || latest.at().compareTo(settled) < 0 || !latest.drained()) {
			if (System.nanoTime() > deadline) {
				return new Invariants.Verdict(name, false, "not within " + CONVERGENCE.toSeconds()
						+ " s after the orders settled: " + ((latest != null) ? describe(latest) : "nothing observed"));
			}
			LockSupport.parkNanos(Watch.PERIOD.toNanos() / 4);
			latest = watch.latest();
		}
		return new Invariants.Verdict(name, true, String.format("drained at %.0f s, %.0f s after the load ended; %s",
				latest.at().toMillis() / 1000.0, latest.at().minus(loadEnded).toMillis() / 1000.0, describe(latest)));
	}

	private static String describe(Watch.Sample sample) {
		List<String> outboxes = sample.outboxes();
		return "outbox " + (outboxes.isEmpty() ? "unknown" : String.join(", ", outboxes)) + "; lag "
				+ ((sample.lag() != null) ? sample.lag() : "unknown (Kafka does not answer)")
				+ (sample.unhealthy().isEmpty() ? "" : "; not healthy: " + sample.unhealthy());
	}

	/**
	 * For each step: after a fault, how long until a breaker opened; after a repair, how
	 * long until the shop was healthy again (every service UP, no breaker open) and
	 * drained (outboxes empty, consumers caught up).
	 */
	static List<Recovery> recoveries(Scenario scenario, List<StepEvent> events, Watch.Timeline timeline) {
		List<Recovery> recoveries = new ArrayList<>();
		for (int i = 0; i < events.size(); i++) {
			StepEvent event = events.get(i);
			Duration next = (i + 1 < events.size()) ? events.get(i + 1).actual() : null;
			Scenario.Step step = scenario.steps().get(i);
			if (scenario.repairs(step)) {
				// from the moment the repair is done (a restarted part is ready), not
				// from when
				// it began: a restart first takes the part down
				Watch.Sample healthy = timeline.healthySince(event.done());
				Watch.Sample drained = timeline.drainedSince(event.done());
				recoveries.add(new Recovery(event.step(), event.actual(), true, null, null,
						(healthy != null) ? healthy.at().minus(event.done()) : null,
						(drained != null) ? drained.at().minus(event.done()) : null));
			}
			else {
				Watch.Transition opened = timeline.firstOpening(event.actual(), next);
				recoveries.add(new Recovery(event.step(), event.actual(), false,
						(opened != null) ? opened.at().minus(event.actual()) : null,
						(opened != null) ? opened.breaker() : null, null, null));
			}
		}
		return recoveries;
	}

	/**
	 * Stock and ledger before the run; a service that has just been restarted by an
	 * earlier run may need a few seconds.
	 */
	private Invariants.Snapshot snapshot() {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			try {
				return Invariants.Snapshot.of(this.shop);
			}
			catch (IllegalStateException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
			}
		}
	}

	private static void awaitOffset(long start, Duration offset) {
		long deadline = start + offset.toMillis();
		long wait;
		while ((wait = deadline - System.currentTimeMillis()) > 0) {
			LockSupport.parkNanos(Duration.ofMillis(wait).toNanos());
		}
	}

	/**
	 * A step as it happened.
	 *
	 * @param planned its offset in the scenario
	 * @param actual when it ran, from the load's start
	 * @param took how long its command took (a restart returns once the part is ready)
	 * @param step the step as written
	 * @param outcome what the command answered
	 */
	record StepEvent(Duration planned, Duration actual, Duration took, String step, String outcome) {

		Duration done() {
			return this.actual.plus(this.took);
		}

	}

	/**
	 * What a step led to: after a fault, the first breaker to open and how soon; after a
	 * repair, how soon the shop was healthy (every service UP, no breaker open) and
	 * drained (outboxes empty, consumers caught up). Null where it did not happen while
	 * the run was watched.
	 *
	 * @param step the step as written
	 * @param at when it ran, from the load's start
	 * @param repair whether it ended a fault rather than caused one
	 * @param breakerOpenAfter from the fault to the first breaker seen open
	 * @param breaker which breaker ({@code part/name})
	 * @param healthyAfter from the repair's end to a healthy shop
	 * @param drainedAfter from the repair's end to a drained shop
	 */
	record Recovery(String step, Duration at, boolean repair, Duration breakerOpenAfter, String breaker,
			Duration healthyAfter, Duration drainedAfter) {

	}

	/** The run's findings; {@link #write} puts them in report.md and report.json. */
	record Report(Scenario scenario, LoadSummary load, long ordersAccepted, long lost, long doubleCharged,
			List<StepEvent> steps, List<Recovery> recoveries, List<Phases.Phase> phases,
			List<Invariants.Verdict> invariants, Watch.Timeline timeline) {

		boolean allHeld() {
			return this.invariants.stream().allMatch(Invariants.Verdict::held);
		}

		/** One line of the summary table of several runs. */
		String summaryRow() {
			long broken = this.invariants.stream().filter((verdict) -> !verdict.held()).count();
			List<String> p99 = this.phases.stream().map((phase) -> String.format("%.0f", phase.p99Ms())).toList();
			List<String> opened = new ArrayList<>();
			List<String> healthy = new ArrayList<>();
			this.recoveries.forEach((recovery) -> {
				if (recovery.repair()) {
					healthy.add(orNot(recovery.healthyAfter()));
				}
				else if (recovery.breakerOpenAfter() != null) {
					opened.add(String.format("%.1f s (%s)", seconds(recovery.breakerOpenAfter()), recovery.breaker()));
				}
				else {
					opened.add("none opened");
				}
			});
			return String.format("| %s | %s | %d | %d | %d | %s ms | %s | %s |", this.scenario.name(),
					(broken == 0) ? "all held" : "**" + broken + " broken**", this.ordersAccepted, this.lost,
					this.doubleCharged, String.join(" / ", p99), opened.isEmpty() ? "—" : String.join(", ", opened),
					healthy.isEmpty() ? "—" : String.join(", ", healthy));
		}

		void write(Path folder) {
			try {
				Files.createDirectories(folder);
				new ObjectMapper().registerModule(new JavaTimeModule())
					.disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
					.enable(SerializationFeature.INDENT_OUTPUT)
					.writeValue(folder.resolve("report.json").toFile(), this);
				Files.writeString(folder.resolve("report.md"), markdown());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		String markdown() {
			StringBuilder md = new StringBuilder();
			md.append("# Chaos scenario `").append(this.scenario.name()).append("`: ");
			md.append(allHeld() ? "every invariant held" : "INVARIANTS BROKEN").append("\n\n");
			md.append(this.scenario.description()).append("\n\n");
			md.append("Load: ").append(this.load.report().replace("\n", "  \n")).append("\n\n");
			md.append(String.format("Orders accepted: %d, lost: %d, charged twice: %d.%n%n", this.ordersAccepted,
					this.lost, this.doubleCharged));
			md.append("## Expected\n\n");
			this.scenario.expect().forEach((line) -> md.append("- ").append(line).append('\n'));
			md.append("\n## Steps\n\n| planned | ran at | took | step | outcome | then |\n|---|---|---|---|---|---|\n");
			for (int i = 0; i < this.steps.size(); i++) {
				StepEvent step = this.steps.get(i);
				md.append(String.format("| %ds | %.1fs | %.1fs | `%s` | %s | %s |%n", step.planned().toSeconds(),
						seconds(step.actual()), seconds(step.took()), step.step(), step.outcome(),
						(i < this.recoveries.size()) ? then(this.recoveries.get(i)) : ""));
			}
			md.append("\n## Invariants\n\n| invariant | verdict | detail |\n|---|---|---|\n");
			this.invariants.forEach((verdict) -> md.append(String.format("| %s | %s | %s |%n", verdict.name(),
					verdict.held() ? "held" : "**broken**", verdict.detail())));
			md.append("\n## Phases\n\n| phase | from | calls | by status | degraded | p50 | p99 | max |\n");
			md.append("|---|---|---|---|---|---|---|---|\n");
			this.phases.forEach(
					(phase) -> md.append(String.format("| %s | %ds | %d | %s | %d | %.0f ms | %.0f ms | %.0f ms |%n",
							phase.name(), phase.from().toSeconds(), phase.calls(), phase.byStatus(), phase.degraded(),
							phase.p50Ms(), phase.p99Ms(), phase.maxMs())));
			md.append("\n## Circuit breakers\n\n");
			List<Watch.Transition> transitions = this.timeline.transitions();
			if (transitions.isEmpty()) {
				md.append("No breaker left the closed state.\n");
			}
			else {
				md.append("| at | breaker | from | to |\n|---|---|---|---|\n");
				transitions.forEach((transition) -> md.append(String.format("| %.0fs | %s | %s | %s |%n",
						seconds(transition.at()), transition.breaker(), transition.from(), transition.to())));
			}
			md.append("\n## Over time (every 5 s)\n\n");
			md.append("| at | not healthy | breakers not closed | outbox backlog | consumer lag |\n");
			md.append("|---|---|---|---|---|\n");
			this.timeline.every(Duration.ofSeconds(5))
				.forEach((sample) -> md.append(String.format("| %.0fs | %s | %s | %s | %s |%n", seconds(sample.at()),
						sample.unhealthy().isEmpty() ? "—" : String.join(", ", sample.unhealthy()),
						sample.notClosed().isEmpty() ? "—" : String.join(", ", sample.notClosed()), outboxes(sample),
						(sample.lag() != null) ? lags(sample.lag()) : "Kafka does not answer")));
			return md.toString();
		}

		private static String then(Recovery recovery) {
			if (recovery.repair()) {
				return "healthy after " + orNot(recovery.healthyAfter()) + ", drained after "
						+ orNot(recovery.drainedAfter());
			}
			if (recovery.breakerOpenAfter() != null) {
				return String.format("%s open after %.1f s", recovery.breaker(), seconds(recovery.breakerOpenAfter()));
			}
			return "no breaker opened";
		}

		private static String orNot(Duration duration) {
			return (duration != null) ? String.format("%.1f s", seconds(duration)) : "— (not while watched)";
		}

		private static String outboxes(Watch.Sample sample) {
			return sample.outboxes().isEmpty() ? "—" : String.join(", ", sample.outboxes());
		}

		private static String lags(Map<String, Long> lag) {
			List<String> lags = new ArrayList<>();
			lag.forEach((group, value) -> lags.add(group + " " + value));
			return String.join(", ", lags);
		}

		private static double seconds(Duration duration) {
			return duration.toMillis() / 1000.0;
		}

	}

}
