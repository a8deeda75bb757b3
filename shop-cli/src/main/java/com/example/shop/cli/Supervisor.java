package com.example.shop.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts, signals and stops the parts as operating-system processes, remembering each one
 * in a pid file (pid and start time, so a recycled pid is never mistaken for a part).
 * Parts outlive the command that started them, so {@code ./shop restart} from any
 * terminal works on the same processes as {@code ./shop up}.
 */
final class Supervisor {

	private static final Duration GRACE = Duration.ofSeconds(20);

	private static final Executor WAITERS = Executors.newVirtualThreadPerTaskExecutor();

	private final Layout layout;

	Supervisor(Layout layout) {
		this.layout = layout;
	}

	enum State {

		UP, STARTING, PAUSED, DOWN

	}

	/**
	 * Starts {@code part} in the background (own session, so a Ctrl-C reaches only
	 * ./shop) and records it.
	 */
	ProcessHandle start(Part part) {
		if (find(part).isPresent()) {
			throw new IllegalStateException(part.name() + " is already running");
		}
		try {
			Path log = this.layout.log(part.name());
			Files.createDirectories(log.getParent());
			Files.createDirectories(this.layout.pidFile(part.name()).getParent());
			part.prepare();
			List<String> command = new ArrayList<>();
			if (Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"))) {
				command.add("setsid");
			}
			command.addAll(part.command());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.directory(this.layout.home().toFile());
			builder.environment().putAll(part.environment());
			Files.writeString(log, "---- " + Instant.now() + " starting " + part.name() + "\n",
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			ProcessHandle process = builder.start().toHandle();
			Instant started = process.info().startInstant().orElse(Instant.EPOCH);
			Files.writeString(this.layout.pidFile(part.name()), process.pid() + " " + started.toEpochMilli() + "\n");
			return process;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits until {@code part} serves; fails early, with its last log lines, if its
	 * process dies meanwhile, and fails if it is not ready within {@code timeout}.
	 */
	void awaitReady(Part part, Duration timeout) {
		ProcessHandle process = find(part)
			.orElseThrow(() -> new IllegalStateException(part.name() + " is not running; " + logTail(part)));
		CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> part.awaitReady(timeout), WAITERS);
		while (true) {
			try {
				ready.get(200, TimeUnit.MILLISECONDS);
				return;
			}
			catch (TimeoutException ex) {
				if (!process.isAlive()) {
					ready.cancel(true);
					throw new IllegalStateException(part.name() + " exited while starting; " + logTail(part));
				}
			}
			catch (ExecutionException ex) {
				throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
						: new IllegalStateException(ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted waiting for " + part.name(), ex);
			}
		}
	}

	/** Starts {@code part}, waits until it is ready and runs its first-ready work. */
	void startAndAwait(Part part, Duration timeout) {
		start(part);
		try {
			awaitReady(part, timeout);
			part.afterReady();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(ex.getMessage() + "\n" + logTail(part), ex);
		}
	}

	Optional<ProcessHandle> find(Part part) {
		Path pidFile = this.layout.pidFile(part.name());
		if (!Files.exists(pidFile)) {
			return Optional.empty();
		}
		try {
			String[] fields = Files.readString(pidFile).trim().split(" ");
			long started = Long.parseLong(fields[1]);
			return ProcessHandle.of(Long.parseLong(fields[0]))
				.filter(ProcessHandle::isAlive)
				.filter((process) -> process.info()
					.startInstant()
					.map((instant) -> instant.toEpochMilli() == started)
					.orElse(false));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	State state(Part part) {
		Optional<ProcessHandle> process = find(part);
		if (process.isEmpty()) {
			return State.DOWN;
		}
		if (isStopped(process.get().pid())) {
			return State.PAUSED;
		}
		return listening(part.port()) ? State.UP : State.STARTING;
	}

	/**
	 * Sends {@code signal} to the part's process and everything it started (PostgreSQL's
	 * backends).
	 */
	boolean signal(Part part, String signal) {
		Optional<ProcessHandle> process = find(part);
		if (process.isEmpty()) {
			return false;
		}
		List<String> command = new ArrayList<>(List.of("kill", "-" + signal, String.valueOf(process.get().pid())));
		process.get().descendants().forEach((child) -> command.add(String.valueOf(child.pid())));
		run(command);
		return true;
	}

	/**
	 * Stops gracefully, or kills after a grace period. Resumes a paused part first so it
	 * can shut down.
	 */
	void stop(Part part) {
		Optional<ProcessHandle> process = find(part);
		if (process.isEmpty()) {
			return;
		}
		signal(part, "CONT");
		signal(part, part.stopSignal());
		try {
			process.get().onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			signal(part, "KILL");
		}
		deletePidFile(part);
	}

	/** Kills at once (SIGKILL), like a crash; false if it was not running. */
	boolean kill(Part part) {
		boolean killed = signal(part, "KILL");
		deletePidFile(part);
		return killed;
	}

	/** Freezes (SIGSTOP): it holds its connections but answers nothing. */
	boolean pause(Part part) {
		return signal(part, "STOP");
	}

	/** Unfreezes a paused part (SIGCONT). */
	boolean resume(Part part) {
		return signal(part, "CONT");
	}

	/** Stops gracefully (if running), starts and waits until ready. */
	void restart(Part part, Duration timeout) {
		stop(part);
		startAndAwait(part, timeout);
	}

	void deletePidFile(Part part) {
		try {
			Files.deleteIfExists(this.layout.pidFile(part.name()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String logTail(Part part) {
		Path log = this.layout.log(part.name());
		try {
			List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
			return "last lines of " + log + ":\n  "
					+ String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
		}
		catch (IOException ex) {
			return "see " + log;
		}
	}

	static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean isStopped(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
			return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	private static void run(List<String> command) {
		try {
			new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start()
				.waitFor();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
