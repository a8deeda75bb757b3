package com.example.shop.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the {@code benchmarks} module's JMH jar in a JVM of its own and reads its JSON
 * results: each benchmark's score and error, in the unit JMH reports.
 */
final class Jmh {

	private static final ObjectMapper json = new ObjectMapper();

	private Jmh() {
	}

	/**
	 * One benchmark's result.
	 *
	 * @param score the mean
	 * @param error the half-width of its 99.9 % confidence interval (NaN with too few
	 * iterations)
	 * @param unit e.g. {@code ns/op}
	 */
	record Score(double score, double error, String unit) {

	}

	/**
	 * Runs the benchmarks matching {@code include} with the given JMH options.
	 * @return each benchmark's score by its short name (the method name)
	 */
	static Map<String, Score> run(Path jar, String java, String include, List<String> options, Path work) {
		try {
			Files.createDirectories(work);
			Path results = work.resolve("jmh.json");
			List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(), include));
			command.addAll(options);
			command.addAll(List.of("-rf", "json", "-rff", results.toString()));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(work.resolve("jmh.log").toFile())
				.start();
			if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException("JMH failed; see " + work.resolve("jmh.log"));
			}
			Map<String, Score> scores = new LinkedHashMap<>();
			for (JsonNode benchmark : json.readTree(results.toFile())) {
				String name = benchmark.path("benchmark").asText();
				JsonNode metric = benchmark.path("primaryMetric");
				scores.put(name.substring(name.lastIndexOf('.') + 1), new Score(metric.path("score").asDouble(),
						metric.path("scoreError").asDouble(Double.NaN), metric.path("scoreUnit").asText()));
			}
			return scores;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + jar, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
