package com.example.shop.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The whole shop as a user runs it: {@code ./shop up} in the background (every part its
 * own process), and {@code ./shop <command> <part>} to break it. State lives in the
 * module's target folder, apart from a developer's own {@code .shop/}.
 */
final class LocalShop implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofMinutes(6);

	private final Path home = Path.of(System.getProperty("shop.home", "..")).toAbsolutePath().normalize();

	private final Path state = Path.of(System.getProperty("shop.state", "target/shop-state")).toAbsolutePath();

	private Process up;

	private final List<String> output = new ArrayList<>();

	/** Runs {@code ./shop up --fresh} and returns once it reports the shop up. */
	LocalShop start() {
		try {
			Files.createDirectories(this.state);
			this.up = command("up", "--fresh").redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(this::readUntilUp);
		try {
			if (!ready.get(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
				throw new IllegalStateException(
						"./shop up ended before the shop was up:\n" + String.join("\n", this.output));
			}
		}
		catch (Exception ex) {
			close();
			throw new IllegalStateException(
					"The shop did not come up: " + ex.getMessage() + "\n" + String.join("\n", this.output), ex);
		}
		return this;
	}

	private boolean readUntilUp() {
		try {
			BufferedReader lines = this.up.inputReader();
			String line;
			while ((line = lines.readLine()) != null) {
				synchronized (this.output) {
					this.output.add(line);
				}
				System.out.println("[shop] " + line);
				if (line.startsWith("The shop is up")) {
					Thread.ofVirtual().start(this::drain);
					return true;
				}
			}
			return false;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void drain() {
		try {
			this.up.inputReader().lines().forEach((line) -> System.out.println("[shop] " + line));
		}
		catch (UncheckedIOException ex) {
			// the up process ended
		}
	}

	/**
	 * The log file of {@code part} ({@code gateway}, {@code order-1}, {@code catalog},
	 * ...): everything the part's process wrote, as {@code ./shop logs PART} shows it.
	 */
	Path log(String part) {
		return this.state.resolve("logs").resolve(part + ".log");
	}

	/**
	 * A file or folder in the shop's state folder ({@code .shop/} of {@code ./shop up}).
	 */
	Path state(String relative) {
		return this.state.resolve(relative);
	}

	/** Runs {@code ./shop args...} and returns its output; fails if it exits non-zero. */
	String run(String... args) {
		try {
			Process process = command(args).redirectErrorStream(true).start();
			String text = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException("./shop " + String.join(" ", args) + " failed:\n" + text);
			}
			return text;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private ProcessBuilder command(String... args) {
		List<String> command = new ArrayList<>();
		command.add(this.home.resolve("shop").toString());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.home.toFile());
		builder.environment().put("SHOP_STATE_DIR", this.state.toString());
		builder.environment().put("SHOP_NO_BUILD", "1");
		return builder;
	}

	@Override
	public void close() {
		run("down");
		if (this.up != null) {
			try {
				this.up.waitFor(2, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
