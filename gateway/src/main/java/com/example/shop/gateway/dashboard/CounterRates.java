package com.example.shop.gateway.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much a counter grew over a sliding window, by group, from the totals seen at each
 * look: each series' growth since the look before. A series seen for the first time adds
 * nothing (its total is history, not the last minute); a total that went down is a
 * restarted service counting from zero again.
 */
final class CounterRates {

	private final Duration window;

	private final Map<String, Double> last = new HashMap<>();

	private final Deque<Growth> growth = new ArrayDeque<>();

	CounterRates(Duration window) {
		this.window = window;
	}

	/**
	 * Records the total of one series.
	 * @param series what identifies the series (its part and labels)
	 * @param group what it is summed under (e.g. the order status)
	 */
	synchronized void observe(Instant at, String series, String group, double total) {
		if (Double.isNaN(total)) {
			return;
		}
		Double before = this.last.put(series, total);
		if (before == null) {
			return;
		}
		double grown = (total >= before) ? total - before : total;
		if (grown > 0) {
			this.growth.addLast(new Growth(at, group, grown));
		}
	}

	/** The growth within the window before {@code now}, by group. */
	synchronized Map<String, Long> within(Instant now) {
		Instant from = now.minus(this.window);
		while (!this.growth.isEmpty() && this.growth.peekFirst().at().isBefore(from)) {
			this.growth.removeFirst();
		}
		Map<String, Long> totals = new TreeMap<>();
		for (Growth step : this.growth) {
			totals.merge(step.group(), Math.round(step.amount()), Long::sum);
		}
		return totals;
	}

	private record Growth(Instant at, String group, double amount) {

	}

}
