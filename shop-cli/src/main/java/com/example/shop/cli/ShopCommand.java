package com.example.shop.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.example.shop.cli.bench.Bench;
import com.example.shop.cli.chaos.ChaosRunner;
import com.example.shop.cli.load.LoadCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./shop}: run the whole shop without Docker, and break it one part at a time.
 */
@Command(name = "shop", mixinStandardHelpOptions = true,
		description = "Runs the fault-tolerant shop locally and lets you break it one part at a time.")
public final class ShopCommand {

	private static final Duration STARTUP = Duration.ofSeconds(240);

	private static final Executor STARTERS = Executors.newVirtualThreadPerTaskExecutor();

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

	private final Layout layout = Layout.fromEnvironment();

	private Stack stack;

	private Supervisor supervisor;

	/** The dashboard's way in, while this process runs the shop ({@code ./shop up}). */
	private StackControl control;

	/**
	 * Set once this process stops the shop, so the watch loop does not report the
	 * shutdown as failures.
	 */
	private volatile boolean stopping;

	public static void main(String[] args) {
		CommandLine command = new CommandLine(new ShopCommand()).setExecutionExceptionHandler((ex, line, parsed) -> {
			System.err.println("shop: " + ex.getMessage());
			return 1;
		});
		System.exit(command.execute(args));
	}

	private Stack stack() {
		if (this.stack == null) {
			this.stack = new Stack(this.layout);
			this.supervisor = new Supervisor(this.layout);
		}
		return this.stack;
	}

	private Supervisor supervisor() {
		stack();
		return this.supervisor;
	}

	@Command(name = "up", description = "Start every part, print the URLs and stay in the foreground; "
			+ "Ctrl-C (or ./shop down) stops them all.")
	int up(@Option(names = "--fresh", description = "Delete all data first (databases, Kafka log).") boolean fresh) {
		if (upProcess().isPresent()) {
			System.err.println("The shop is already up (pid " + upProcess().get().pid() + "). ./shop status");
			return 1;
		}
		List<String> running = stack().parts()
			.stream()
			.filter((part) -> supervisor().find(part).isPresent())
			.map(Part::name)
			.toList();
		if (!running.isEmpty()) {
			System.err.println("Parts of an earlier run are still running: " + running + ". Run ./shop down first.");
			return 1;
		}
		List<String> busy = stack().parts()
			.stream()
			.filter((part) -> Supervisor.listening(part.port()))
			.map((part) -> part.name() + " (port " + part.port() + ")")
			.toList();
		if (Supervisor.listening(StackControl.PORT)) {
			busy = new ArrayList<>(busy);
			busy.add("the dashboard's stack control (port " + StackControl.PORT + ")");
		}
		if (!busy.isEmpty()) {
			System.err.println("Ports already in use by another program: " + busy);
			return 1;
		}
		if (fresh) {
			deleteRecursively(this.layout.state().resolve("data"));
			// Which server starts as primary was read from the old data (a failover swaps
			// them).
			this.stack = new Stack(this.layout);
		}
		writeUpPid();
		Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "shop-down"));
		this.control = StackControl.start(() -> new Stack(this.layout), supervisor(), this.layout,
				Operator.fromEnvironment(), URI.create("http://localhost:8080"), STARTUP, ShopCommand::say,
				StackControl.PORT);
		long started = System.nanoTime();
		try {
			for (List<Part> group : stack().startOrder()) {
				group.forEach((part) -> say("starting " + part.name()));
				List<CompletableFuture<Void>> starts = group.stream()
					.map((part) -> CompletableFuture.runAsync(() -> supervisor().startAndAwait(part, STARTUP),
							STARTERS))
					.toList();
				CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null).join();
				List<String> failures = starts.stream()
					.filter(CompletableFuture::isCompletedExceptionally)
					.map((start) -> start.exceptionNow().getMessage())
					.toList();
				if (!failures.isEmpty()) {
					failures.forEach(System.err::println);
					return 1;
				}
			}
		}
		catch (RuntimeException ex) {
			System.err.println(ex.getMessage());
			return 1;
		}
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
		printTable();
		System.out.printf("%nThe shop is up in %d s. Watch it live: http://localhost:8080/ . Try:%n"
				+ "  curl localhost:8080/api/products%n"
				+ "  curl -i -X POST localhost:8080/api/orders -H 'Idempotency-Key: k1' -H 'Content-Type: application/json' \\%n"
				+ "       -d '{\"customerId\":\"c-1\",\"items\":[{\"productId\":1,\"quantity\":2}]}'%n"
				+ "Break it from another terminal: ./shop kill catalog | ./shop pause pg-primary | ./shop restart order-1%n"
				+ "Logs: %s%nCtrl-C or ./shop down stops everything.%n", seconds, this.layout.state().resolve("logs"));
		watch();
		return 0;
	}

	/**
	 * Reports every part that goes down or comes back, until this process is told to
	 * stop.
	 */
	private void watch() {
		Map<String, Supervisor.State> last = new HashMap<>();
		stack().parts().forEach((part) -> last.put(part.name(), Supervisor.State.UP));
		while (!Thread.currentThread().isInterrupted() && !this.stopping) {
			for (Part part : stack().parts()) {
				Supervisor.State now = supervisor().state(part);
				if (now != last.get(part.name()) && !this.stopping) {
					say(part.name() + " is " + now.name().toLowerCase());
					last.put(part.name(), now);
				}
			}
			try {
				TimeUnit.SECONDS.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Command(name = "down", description = "Stop every part (and the ./shop up that started them).")
	int down() {
		Optional<ProcessHandle> up = upProcess();
		if (up.isPresent()) {
			up.get().destroy();
			up.get().onExit().orTimeout(120, TimeUnit.SECONDS).exceptionally((ex) -> null).join();
		}
		stopAll();
		return 0;
	}

	@Command(name = "status", description = "List every part: pid, port, state.")
	int status() {
		printTable();
		return 0;
	}

	@Command(name = "kill", description = "Kill a part at once (SIGKILL), like a crash or docker kill.")
	int kill(@Parameters(paramLabel = "PART") String name) {
		return withPart(name, (part) -> report(supervisor().kill(part), part, "killed"));
	}

	@Command(name = "pause", description = "Freeze a part (SIGSTOP): it holds its connections but answers nothing.")
	int pause(@Parameters(paramLabel = "PART") String name) {
		return withPart(name, (part) -> report(supervisor().pause(part), part, "paused"));
	}

	@Command(name = "resume", description = "Unfreeze a paused part (SIGCONT).")
	int resume(@Parameters(paramLabel = "PART") String name) {
		return withPart(name, (part) -> report(supervisor().resume(part), part, "resumed"));
	}

	@Command(name = "restart", description = "Stop a part gracefully (if running), start it and wait until ready.")
	int restart(@Parameters(paramLabel = "PART") String name) {
		return withPart(name, (part) -> {
			say("restarting " + part.name());
			supervisor().restart(part, STARTUP);
			say(part.name() + " is up");
			return 0;
		});
	}

	@Command(name = "failover",
			description = "Promote the replica to primary. The primary is fenced first "
					+ "(killed, and marked so it can only come back as the new primary's replica: ./shop restart it), "
					+ "so two primaries never take writes.")
	int failover() {
		List<PostgresPart> databases = stack().databases();
		PostgresPart primary = databases.get(0);
		PostgresPart replica = databases.get(1);
		if (!primary.isPrimary() || replica.isPrimary() || replica.isFenced()) {
			System.err.println("No replica to promote: " + primary.name() + " is " + primary.description() + ", "
					+ replica.name() + " is " + replica.description() + ".");
			return 1;
		}
		if (supervisor().state(replica) != Supervisor.State.UP) {
			System.err.println(replica.name() + " must be up to be promoted (it is "
					+ supervisor().state(replica).name().toLowerCase() + ").");
			return 1;
		}
		if (supervisor().kill(primary)) {
			say(primary.name() + " fenced (killed)");
		}
		replica.server().promote();
		primary.fence();
		say(replica.name() + " promoted: it is the primary now (port " + replica.port() + ")");
		say("./shop restart " + primary.name() + " brings " + primary.name() + " back as its replica");
		return 0;
	}

	@Command(name = "faults", description = "Show or change the payment provider's fault knobs "
			+ "(options not given keep their value).")
	int faults(@Option(names = "--latency", paramLabel = "MS", description = "Added latency per charge.") Long latency,
			@Option(names = "--jitter", paramLabel = "MS", description = "Random extra latency, up to.") Long jitter,
			@Option(names = "--error-rate", paramLabel = "0..1", description = "Share answered 503.") Double errors,
			@Option(names = "--decline-rate", paramLabel = "0..1", description = "Share declined.") Double declines,
			@Option(names = "--drop-rate", paramLabel = "0..1",
					description = "Share charged, then the answer dropped.") Double drops,
			@Option(names = "--off", description = "Turn every fault off.") boolean off) {
		Map<String, Object> knobs = new HashMap<>();
		if (off) {
			List.of("latencyMs", "latencyJitterMs", "errorRate", "declineRate", "dropResponseRate")
				.forEach((knob) -> knobs.put(knob, 0));
		}
		Optional.ofNullable(latency).ifPresent((value) -> knobs.put("latencyMs", value));
		Optional.ofNullable(jitter).ifPresent((value) -> knobs.put("latencyJitterMs", value));
		Optional.ofNullable(errors).ifPresent((value) -> knobs.put("errorRate", value));
		Optional.ofNullable(declines).ifPresent((value) -> knobs.put("declineRate", value));
		Optional.ofNullable(drops).ifPresent((value) -> knobs.put("dropResponseRate", value));
		ProviderFaults faults = ProviderFaults.fromEnvironment(stack().part("provider").orElseThrow().port());
		System.out.println(knobs.isEmpty() ? faults.show() : faults.change(knobs));
		return 0;
	}

	@Command(name = "load", mixinStandardHelpOptions = true,
			description = "Place orders and browse the catalog through the gateway at a constant "
					+ "arrival rate (calls start on schedule even when earlier ones have not answered), "
					+ "with a live progress line; every call goes to a JSON Lines call log.")
	int load(
			@Option(names = "--rate", required = true, paramLabel = "PER_SECOND",
					description = "Calls started per second.") double rate,
			@Option(names = "--duration", required = true, paramLabel = "DURATION",
					description = "How long to start calls: 30s, 5m, 1h.") String duration,
			@Option(names = "--target", defaultValue = "http://localhost:8080", paramLabel = "URL",
					description = "The gateway (default: ${DEFAULT-VALUE}).") URI target,
			@Option(names = "--log", paramLabel = "FILE",
					description = "The call log (default: .shop/load/<time>/calls.jsonl).") Path log) {
		return LoadCommand.run(this.layout.state(), target, rate, duration, log);
	}

	@Command(name = "chaos", description = "Run a chaos scenario (chaos/*.yml) against the running shop: its load, "
			+ "its fault steps on time, then the invariants (no lost order, no double charge, stock and money add "
			+ "up, ...). Writes a report; exits 1 if an invariant broke.")
	int chaos(@Parameters(paramLabel = "SCENARIO", arity = "0..*",
			description = "e.g. chaos/payment-killed.yml; several run one after the other") List<Path> scenarios,
			@Option(names = "--all", description = "Run every scenario in chaos/ (those with a failover last: "
					+ "they leave the servers' roles swapped).") boolean all) {
		List<Path> files = all ? allScenarios() : (scenarios != null) ? scenarios : List.of();
		if (files.isEmpty()) {
			System.err.println("Name a scenario (e.g. chaos/payment-killed.yml) or use --all");
			return 2;
		}
		List<String> notUp = stack().parts()
			.stream()
			.filter((part) -> supervisor().state(part) != Supervisor.State.UP)
			.map(Part::name)
			.toList();
		if (!notUp.isEmpty()) {
			System.err.println("Every part must be up before a scenario starts; not up: " + notUp);
			return 2;
		}
		return ChaosRunner.run(files, this.layout.state().resolve("chaos"),
				(arguments) -> new CommandLine(new ShopCommand()).execute(arguments),
				(name) -> stack().part(name).orElseThrow(() -> new IllegalArgumentException("No part " + name)).port());
	}

	@Command(name = "bench", description = "Measure how fast, how heavy and how quickly the shop heals, side by side "
			+ "with the goals and the peers' published figures; prints the table and writes docs/benchmarks.md. "
			+ "Starts the shop itself (the shop must be down) unless --running.")
	int bench(
			@Option(names = "--quick",
					description = "Seconds instead of tens of seconds per measure: "
							+ "checks that each works, the figures mean little.") boolean quick,
			@Option(names = "--running",
					description = "Measure the shop that is up (its start is not timed).") boolean running,
			@Option(names = "--out", paramLabel = "FILE",
					description = "The markdown table (default: docs/benchmarks.md).") Path out) {
		if (!running && (upProcess().isPresent()
				|| stack().parts().stream().anyMatch((part) -> supervisor().find(part).isPresent()))) {
			System.err.println("The shop is running: ./shop down first, or ./shop bench --running");
			return 2;
		}
		Path table = (out != null) ? out : this.layout.home().resolve("docs").resolve("benchmarks.md");
		return Bench.run(new Bench.Settings(quick, running, table), this.layout.home(), this.layout.state(),
				(arguments) -> new CommandLine(new ShopCommand()).execute(arguments));
	}

	private List<Path> allScenarios() {
		try (Stream<Path> files = Files.list(this.layout.home().resolve("chaos"))) {
			return files.filter((file) -> file.toString().endsWith(".yml"))
				.sorted(Comparator.comparing((Path file) -> readText(file).contains("do: failover"))
					.thenComparing(Path::getFileName))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String readText(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Command(name = "clean", description = "Delete all local data, logs and state (.shop/). The shop must be down.")
	int clean() {
		if (upProcess().isPresent() || stack().parts().stream().anyMatch((p) -> supervisor().find(p).isPresent())) {
			System.err.println("The shop is running: ./shop down first.");
			return 1;
		}
		deleteRecursively(this.layout.state());
		say("deleted " + this.layout.state());
		return 0;
	}

	private int withPart(String name, java.util.function.Function<Part, Integer> action) {
		Optional<Part> part = stack().part(name);
		if (part.isEmpty()) {
			System.err.println("No part named '" + name + "'. Parts: " + String.join(", ", stack().names()));
			return 2;
		}
		return action.apply(part.get());
	}

	private int report(boolean done, Part part, String what) {
		if (!done) {
			System.err.println(part.name() + " is not running.");
			return 1;
		}
		say(part.name() + " " + what);
		return 0;
	}

	private void stopAll() {
		this.stopping = true;
		if (this.control != null) {
			this.control.close();
		}
		for (Part part : stack().stopOrder()) {
			if (supervisor().find(part).isPresent()) {
				say("stopping " + part.name());
				supervisor().stop(part);
			}
		}
		try {
			Files.deleteIfExists(this.layout.upPidFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void printTable() {
		System.out.printf("%-11s %-36s %-8s %-6s %-9s %s%n", "PART", "WHAT", "PID", "PORT", "STATE", "URL");
		for (Part part : stack().parts()) {
			String pid = supervisor().find(part).map((p) -> String.valueOf(p.pid())).orElse("-");
			System.out.printf("%-11s %-36s %-8s %-6d %-9s %s%n", part.name(), part.description(), pid, part.port(),
					supervisor().state(part).name().toLowerCase(), Optional.ofNullable(part.url()).orElse(""));
		}
	}

	private Optional<ProcessHandle> upProcess() {
		Path file = this.layout.upPidFile();
		try {
			if (!Files.exists(file)) {
				return Optional.empty();
			}
			String[] fields = Files.readString(file).trim().split(" ");
			long started = Long.parseLong(fields[1]);
			return ProcessHandle.of(Long.parseLong(fields[0]))
				.filter((p) -> p.info().startInstant().map((i) -> i.toEpochMilli() == started).orElse(false));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	private void writeUpPid() {
		ProcessHandle self = ProcessHandle.current();
		try {
			Files.createDirectories(this.layout.upPidFile().getParent());
			Files.writeString(this.layout.upPidFile(),
					self.pid() + " " + self.info().startInstant().orElseThrow().toEpochMilli() + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteRecursively(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (var paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void say(String message) {
		System.out.println(LocalTime.now().format(CLOCK) + "  " + message);
	}

}
