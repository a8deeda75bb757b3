package com.example.shop.cli.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

	private final StepExecutor steps;

	private final ShopData shop;

	private final URI gateway;

	private final PrintStream out;

	ChaosRunner(StepExecutor steps, ShopData shop, URI gateway, PrintStream out) {
		this.steps = steps;
		this.shop = shop;
		this.gateway = gateway;
		this.out = out;
	}

	/**
	 * @param shop runs a {@code ./shop} subcommand in this process and returns its exit
	 * code
	 * @param portOf a part's port
	 * @return 0 when every invariant held, 1 otherwise
	 */
	public static int run(Path file, Path reports, Function<String[], Integer> shop, ToIntFunction<String> portOf) {
		Scenario scenario = Scenario.read(file);
		Path folder = reports.resolve(scenario.name() + "-" + System.currentTimeMillis());
		ChaosRunner runner = new ChaosRunner(new StepExecutor(shop, portOf), ShopData.local(),
				URI.create("http://localhost:8080"), System.out);
		return runner.run(scenario, folder).allHeld() ? 0 : 1;
	}

	Report run(Scenario scenario, Path folder) {
		this.out.printf("Scenario %s: %s%n", scenario.name(), scenario.description());
		Invariants.Snapshot before = snapshot();
		Path callLog = folder.resolve("calls.jsonl");
		List<StepEvent> events = new ArrayList<>();
		LoadSummary summary;
		long loadStart;
		try (CallLog log = CallLog.create(callLog)) {
			LoadProfile profile = LoadProfile.of(this.gateway, scenario.load().rate(), scenario.load().duration());
			loadStart = System.currentTimeMillis();
			CompletableFuture<LoadSummary> load = CompletableFuture.supplyAsync(
					() -> LoadGenerator.run(profile, log, (progress) -> this.out.println(progress.line())),
					(task) -> Thread.ofVirtual().start(task));
			for (Scenario.Step step : scenario.steps()) {
				awaitOffset(loadStart, step.at());
				long at = System.currentTimeMillis() - loadStart;
				this.out.printf("%4ds step: %s%n", Duration.ofMillis(at).toSeconds(), step.text());
				String outcome = this.steps.run(step.action());
				events.add(new StepEvent(step.at(), Duration.ofMillis(at), step.text(), outcome));
			}
			summary = load.join();
		}
		this.out.println(summary.report());
		this.out.println("Load over; waiting for the accepted orders to settle (up to "
				+ scenario.budgets().settle().toSeconds() + " s) and checking the invariants...");
		List<Call> calls = CallLog.read(callLog);
		List<Phases.Phase> phases = Phases.of(calls, loadStart, scenario);
		List<Invariants.Verdict> verdicts = Invariants.check(calls, phases, before, this.shop, scenario.budgets());
		Report report = new Report(scenario, summary, events, phases, verdicts);
		report.write(folder);
		verdicts.forEach((verdict) -> this.out.printf("  %s %s — %s%n", verdict.held() ? "HELD  " : "BROKEN",
				verdict.name(), verdict.detail()));
		this.out.println("Report: " + folder.resolve("report.md").toAbsolutePath());
		return report;
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
	 * @param step the step as written
	 * @param outcome what the command answered
	 */
	record StepEvent(Duration planned, Duration actual, String step, String outcome) {

	}

	/** The run's findings; {@link #write} puts them in report.md and report.json. */
	record Report(Scenario scenario, LoadSummary load, List<StepEvent> steps, List<Phases.Phase> phases,
			List<Invariants.Verdict> invariants) {

		boolean allHeld() {
			return this.invariants.stream().allMatch(Invariants.Verdict::held);
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
			md.append("## Expected\n\n");
			this.scenario.expect().forEach((line) -> md.append("- ").append(line).append('\n'));
			md.append("\n## Steps\n\n| planned | ran at | step | outcome |\n|---|---|---|---|\n");
			this.steps.forEach((step) -> md.append(String.format("| %ds | %.1fs | `%s` | %s |%n",
					step.planned().toSeconds(), step.actual().toMillis() / 1000.0, step.step(), step.outcome())));
			md.append("\n## Phases\n\n| phase | from | calls | by status | degraded | p50 | p99 | max |\n");
			md.append("|---|---|---|---|---|---|---|---|\n");
			this.phases.forEach(
					(phase) -> md.append(String.format("| %s | %ds | %d | %s | %d | %.0f ms | %.0f ms | %.0f ms |%n",
							phase.name(), phase.from().toSeconds(), phase.calls(), phase.byStatus(), phase.degraded(),
							phase.p50Ms(), phase.p99Ms(), phase.maxMs())));
			md.append("\n## Invariants\n\n| invariant | verdict | detail |\n|---|---|---|\n");
			this.invariants.forEach((verdict) -> md.append(String.format("| %s | %s | %s |%n", verdict.name(),
					verdict.held() ? "held" : "**broken**", verdict.detail())));
			return md.toString();
		}

	}

}
