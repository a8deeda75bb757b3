package com.example.shop.cli.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.example.shop.cli.load.Call;
import org.HdrHistogram.Histogram;

/**
 * The run cut at each step: what users saw between one fault (or repair) and the next.
 */
final class Phases {

	private Phases() {
	}

	/**
	 * @param calls the call log
	 * @param loadStart when the load started, epoch milliseconds
	 * @param scenario its steps cut the run into phases
	 */
	static List<Phase> of(List<Call> calls, long loadStart, Scenario scenario) {
		List<Duration> cuts = new ArrayList<>(List.of(Duration.ZERO));
		List<String> names = new ArrayList<>(List.of("before the first step"));
		for (Scenario.Step step : scenario.steps()) {
			cuts.add(step.at());
			names.add("after '" + step.text() + "'");
		}
		if (scenario.steps().isEmpty()) {
			names.set(0, "whole run");
		}
		List<Phase> phases = new ArrayList<>();
		for (int i = 0; i < cuts.size(); i++) {
			Duration from = cuts.get(i);
			Duration to = (i + 1 < cuts.size()) ? cuts.get(i + 1) : null;
			List<Call> inside = calls.stream().filter((call) -> {
				long offset = call.startedAt() - loadStart;
				return offset >= from.toMillis() && (to == null || offset < to.toMillis());
			}).toList();
			phases.add(Phase.of(names.get(i), from, to, inside));
		}
		return phases;
	}

	/**
	 * @param name what happened last before it
	 * @param from offset from the load's start
	 * @param to offset of the next step, null for the last phase
	 * @param calls calls started in it
	 * @param byStatus how many got each status (0: no answer)
	 * @param degraded answered with {@code X-Degraded}
	 * @param p50Ms median latency
	 * @param p99Ms 99th percentile latency
	 * @param maxMs slowest call
	 */
	record Phase(String name, Duration from, Duration to, long calls, Map<Integer, Long> byStatus, long degraded,
			double p50Ms, double p99Ms, double maxMs) {

		static Phase of(String name, Duration from, Duration to, List<Call> calls) {
			Histogram latency = new Histogram(3_600_000L, 3);
			Map<Integer, Long> byStatus = new TreeMap<>();
			long degraded = 0;
			for (Call call : calls) {
				latency.recordValue(Math.max(0, Math.round(call.latencyMs())));
				byStatus.merge(call.status(), 1L, Long::sum);
				degraded += call.degradedAnswer() ? 1 : 0;
			}
			boolean any = latency.getTotalCount() > 0;
			return new Phase(name, from, to, calls.size(), byStatus, degraded,
					any ? latency.getValueAtPercentile(50) : 0, any ? latency.getValueAtPercentile(99) : 0,
					any ? latency.getMaxValue() : 0);
		}

		long serverErrors() {
			return this.byStatus.entrySet()
				.stream()
				.filter((entry) -> entry.getKey() >= 500)
				.mapToLong(Map.Entry::getValue)
				.sum();
		}

	}

}
