package com.example.shop.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own checker, {@code promtool} (2.42 or newer, Debian's {@code prometheus}
 * package): its config and rule parsers are the ones the server runs, PromQL included.
 */
final class Promtool {

	private Promtool() {
	}

	/** What promtool said and whether it was satisfied. */
	record Result(int exitCode, String output) {

		boolean succeeded() {
			return this.exitCode == 0;
		}

	}

	/**
	 * Runs {@code promtool args...} in the folder and returns its exit code and output.
	 */
	static Result run(Path folder, String... args) {
		List<String> command = new ArrayList<>(List.of("promtool"));
		command.addAll(List.of(args));
		try {
			Path output = Files.createTempFile("promtool", ".out");
			try {
				Process promtool = new ProcessBuilder(command).directory(folder.toFile())
					.redirectErrorStream(true)
					.redirectOutput(output.toFile())
					.start();
				promtool.getOutputStream().close();
				if (!promtool.waitFor(60, TimeUnit.SECONDS)) {
					promtool.destroyForcibly();
					throw new IllegalStateException(String.join(" ", command) + " took over 60 s");
				}
				return new Result(promtool.exitValue(), Files.readString(output));
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run promtool from the PATH (Prometheus 2.42 or newer: "
					+ "apt-get install prometheus) to check deploy/prometheus and the dashboards' queries", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
