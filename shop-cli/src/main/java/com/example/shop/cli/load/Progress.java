package com.example.shop.cli.load;

import java.time.Duration;

/**
 * Where a run is, once a second.
 *
 * @param elapsed since the run started
 * @param sent calls started
 * @param ok answered 2xx
 * @param degraded answered with {@code X-Degraded}
 * @param clientErrors answered 4xx
 * @param serverErrors answered 5xx
 * @param errors not answered (refused, timed out, ...)
 * @param dropped not started because {@code maxInFlight} calls were waiting
 * @param inFlight waiting for an answer now
 * @param lastSecond latency of the calls that finished in the last second
 * @param overall latency of all calls finished so far
 */
public record Progress(Duration elapsed, long sent, long ok, long degraded, long clientErrors, long serverErrors,
		long errors, long dropped, long inFlight, Latency lastSecond, Latency overall) {

	/** Latency percentiles in milliseconds (0 when no call finished). */
	public record Latency(double p50, double p90, double p99, double max, long count) {

	}

	/** The line ./shop load prints. */
	public String line() {
		return String.format(
				"%4ds sent %d ok %d degraded %d 4xx %d 5xx %d errors %d dropped %d in-flight %d"
						+ " | last 1s p50 %s p99 %s | all p50 %s p99 %s",
				this.elapsed.toSeconds(), this.sent, this.ok, this.degraded, this.clientErrors, this.serverErrors,
				this.errors, this.dropped, this.inFlight, millis(this.lastSecond.p50()), millis(this.lastSecond.p99()),
				millis(this.overall.p50()), millis(this.overall.p99()));
	}

	static String millis(double value) {
		return (value < 100) ? String.format("%.1fms", value) : String.format("%.0fms", value);
	}

}
