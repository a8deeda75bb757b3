package com.example.shop.cli.load;

import java.time.Duration;
import java.util.Map;

/**
 * What a run offered and what it got back.
 *
 * @param offeredRate calls per second asked for (on average, when the rate changed during
 * the run)
 * @param duration how long calls were started
 * @param sent calls started (each one is a line of the call log)
 * @param dropped calls not started because {@code maxInFlight} calls were waiting
 * @param ok answered 2xx
 * @param degraded answered with {@code X-Degraded}
 * @param clientErrors answered 4xx
 * @param serverErrors answered 5xx
 * @param errors not answered (refused, timed out, ...)
 * @param byStatus calls by HTTP status, 0 for not answered
 * @param latency percentiles over all calls
 * @param achievedRate calls started per second, over the time it took to start them
 */
public record LoadSummary(double offeredRate, Duration duration, long sent, long dropped, long ok, long degraded,
		long clientErrors, long serverErrors, long errors, Map<Integer, Long> byStatus, Progress.Latency latency,
		double achievedRate) {

	/** The lines ./shop load prints at the end. */
	public String report() {
		return String.format(
				"Offered %.1f/s for %ds: %d calls sent (achieved %.1f/s), %d dropped at the in-flight cap%n"
						+ "  2xx %d (degraded %d)  4xx %d  5xx %d  errors %d   by status %s%n"
						+ "  latency p50 %s  p90 %s  p99 %s  max %s",
				this.offeredRate, this.duration.toSeconds(), this.sent, this.achievedRate, this.dropped, this.ok,
				this.degraded, this.clientErrors, this.serverErrors, this.errors, this.byStatus,
				Progress.millis(this.latency.p50()), Progress.millis(this.latency.p90()),
				Progress.millis(this.latency.p99()), Progress.millis(this.latency.max()));
	}

}
