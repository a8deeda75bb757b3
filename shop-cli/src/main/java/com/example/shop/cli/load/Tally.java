package com.example.shop.cli.load;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counts of a run and its latency histograms (microseconds). Calls are recorded from many
 * threads; snapshots are taken by one thread at a time.
 */
final class Tally {

	private final LongAdder sent = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder ok = new LongAdder();

	private final LongAdder degraded = new LongAdder();

	private final LongAdder clientErrors = new LongAdder();

	private final LongAdder serverErrors = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();

	private final Recorder recorder = new Recorder(3);

	private final Histogram overall = new Histogram(3);

	private Histogram interval;

	void sent() {
		this.sent.increment();
	}

	void dropped() {
		this.dropped.increment();
	}

	void record(Call call) {
		this.recorder.recordValue(Math.max(0, Math.round(call.latencyMs() * 1000)));
		this.byStatus.computeIfAbsent(call.status(), (status) -> new LongAdder()).increment();
		if (call.degradedAnswer()) {
			this.degraded.increment();
		}
		int status = call.status();
		LongAdder kind = (status == 0) ? this.errors : (status >= 500) ? this.serverErrors
				: (status >= 400) ? this.clientErrors : (status >= 200 && status < 300) ? this.ok : null;
		if (kind != null) {
			kind.increment();
		}
	}

	/**
	 * The counts so far, and the latency of the calls finished since the last snapshot.
	 */
	synchronized Progress snapshot(Duration elapsed, long inFlight) {
		this.interval = this.recorder.getIntervalHistogram(this.interval);
		this.overall.add(this.interval);
		return new Progress(elapsed, this.sent.sum(), this.ok.sum(), this.degraded.sum(), this.clientErrors.sum(),
				this.serverErrors.sum(), this.errors.sum(), this.dropped.sum(), inFlight, latency(this.interval),
				latency(this.overall));
	}

	/**
	 * The run's totals; {@code stoppedEarly} when it was ended before its duration, so
	 * the rate achieved counts the time it really sent for.
	 */
	synchronized LoadSummary summary(LoadProfile profile, Duration sending, boolean stoppedEarly) {
		Progress last = snapshot(sending, 0);
		Map<Integer, Long> statuses = new TreeMap<>();
		this.byStatus.forEach((status, count) -> statuses.put(status, count.sum()));
		double seconds = (stoppedEarly ? sending.toNanos() : Math.max(sending.toNanos(), profile.duration().toNanos()))
				/ 1e9;
		return new LoadSummary(profile.calls() / (profile.duration().toNanos() / 1e9),
				stoppedEarly ? sending : profile.duration(), last.sent(), last.dropped(), last.ok(), last.degraded(),
				last.clientErrors(), last.serverErrors(), last.errors(), statuses, last.overall(),
				last.sent() / seconds);
	}

	private static Progress.Latency latency(Histogram histogram) {
		if (histogram.getTotalCount() == 0) {
			return new Progress.Latency(0, 0, 0, 0, 0);
		}
		return new Progress.Latency(millis(histogram.getValueAtPercentile(50)),
				millis(histogram.getValueAtPercentile(90)), millis(histogram.getValueAtPercentile(99)),
				millis(histogram.getMaxValue()), histogram.getTotalCount());
	}

	private static double millis(long micros) {
		return micros / 1000.0;
	}

}
