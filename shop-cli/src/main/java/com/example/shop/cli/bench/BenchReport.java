package com.example.shop.cli.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's table: each measure with its figure, the goal and the peer figure, for
 * the terminal and as {@code docs/benchmarks.md}.
 */
final class BenchReport {

	private BenchReport() {
	}

	static String text(List<Measure> measures) {
		StringBuilder text = new StringBuilder();
		for (Measure measure : measures) {
			text.append(String.format("%-8s %s%n         %s   (goal %s%s)%n", measure.verdict(), measure.what(),
					measure.figure(), measure.goal().isEmpty() ? "none" : measure.goal(),
					measure.peer().isEmpty() ? "" : "; " + measure.peer()));
		}
		return text.toString();
	}

	static String markdown(List<Measure> measures, Instant began, Bench.Settings settings) {
		StringBuilder markdown = new StringBuilder();
		markdown.append("# Benchmarks\n\n");
		markdown.append("Written by `./shop bench")
			.append(settings.quick() ? " --quick" : "")
			.append(settings.running() ? " --running" : "")
			.append("` on ")
			.append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(began.atOffset(ZoneOffset.UTC).withNano(0)))
			.append(" UTC, ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, Java ")
			.append(Runtime.version().feature())
			.append(". Every figure comes from this one run; the load generator runs on the same machine as the ")
			.append("shop. Absolute numbers drift with the machine and what else it does; the ratios are what ")
			.append("compare.\n\n");
		markdown.append("| measure | this run | goal | peer / held against | |\n|---|---|---|---|---|\n");
		for (Measure measure : measures) {
			markdown.append("| ")
				.append(cell(measure.what()))
				.append(" | ")
				.append(cell(measure.figure()))
				.append(" | ")
				.append(cell(measure.goal()))
				.append(" | ")
				.append(cell(measure.peer()))
				.append(" | ")
				.append(measure.verdict())
				.append(" |\n");
		}
		return markdown.toString();
	}

	/**
	 * The JMH results of the resilience overhead benchmark: the annotated client path
	 * against the same call without resilience, and resilience4j's own decorators.
	 */
	static List<Measure> resilience(Map<String, Jmh.Score> scores) {
		Jmh.Score plain = find(scores, "plain");
		Jmh.Score annotated = find(scores, "annotated");
		Jmh.Score decorators = find(scores, "decorators");
		List<Measure> measures = new ArrayList<>();
		if (plain == null || annotated == null) {
			measures.add(Measure.failed("Resilience stack per call (JMH)", "≤ 1 µs",
					"no plain and annotated benchmarks in " + scores.keySet()));
			return measures;
		}
		double overhead = nanos(annotated) - nanos(plain);
		measures.add(new Measure(
				"Retry + CircuitBreaker + Bulkhead annotations (order-service's catalog client, its numbers) per call, "
						+ "over the same call bare (JMH, one thread)",
				String.format("%.0f ns (%.0f ± %.0f ns against %.1f ns)", overhead, nanos(annotated), error(annotated),
						nanos(plain)),
				"≤ 1 µs", (decorators != null) ? String.format("resilience4j's own decorators: %.0f ns per call",
						nanos(decorators) - nanos(plain)) : "",
				overhead <= 1000));
		return measures;
	}

	private static Jmh.Score find(Map<String, Jmh.Score> scores, String part) {
		return scores.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().toLowerCase().contains(part))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	private static double nanos(Jmh.Score score) {
		return switch (score.unit()) {
			case "us/op" -> score.score() * 1000;
			case "ms/op" -> score.score() * 1_000_000;
			default -> score.score();
		};
	}

	private static double error(Jmh.Score score) {
		return nanos(new Jmh.Score(score.error(), 0, score.unit()));
	}

	private static String cell(String text) {
		return text.replace("|", "\\|").replace("\n", " ");
	}

}
