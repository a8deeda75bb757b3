package com.example.shop.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * That {@code target/benchmarks.jar} runs the way {@code ./shop bench} runs it, with the
 * shortest settings: JMH finds the three benchmarks, Spring Boot's auto-configuration
 * survived the shading (the benchmark's setup refuses to measure without the aspects or
 * the YAML, and {@code -foe} makes that fail the run), and the JSON results have a score
 * in ns/op for each. It checks that the jar measures, not what it measures.
 */
class BenchmarksJarIT {

	@Test
	void theJarRunsTheThreeBenchmarksAndWritesTheirScores(@TempDir Path work) throws Exception {
		Path jar = Path.of("target", "benchmarks.jar");
		assertThat(jar).exists();
		Path results = work.resolve("jmh.json");
		Path log = work.resolve("jmh.log");
		Process jmh = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				jar.toString(), "ResilienceOverhead", "-f", "1", "-wi", "1", "-w", "200ms", "-i", "1", "-r", "200ms",
				"-foe", "true", "-rf", "json", "-rff", results.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		assertThat(jmh.waitFor(5, TimeUnit.MINUTES)).as("JMH finished").isTrue();
		assertThat(jmh.exitValue()).as(() -> output(log)).isZero();

		String json = Files.readString(results);
		List<String> benchmarks = JsonPath.read(json, "$[*].benchmark");
		assertThat(benchmarks).containsExactlyInAnyOrder(ResilienceOverheadBenchmark.class.getName() + ".plainCall",
				ResilienceOverheadBenchmark.class.getName() + ".annotatedCall",
				ResilienceOverheadBenchmark.class.getName() + ".decoratorsCall");
		List<String> units = JsonPath.read(json, "$[*].primaryMetric.scoreUnit");
		assertThat(units).containsOnly("ns/op");
		List<Double> scores = JsonPath.read(json, "$[*].primaryMetric.score");
		assertThat(scores).allSatisfy((score) -> assertThat(score).isPositive());
	}

	private static String output(Path log) {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			return "no output: " + ex;
		}
	}

}
