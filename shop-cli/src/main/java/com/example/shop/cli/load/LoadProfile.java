package com.example.shop.cli.load;

import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * What load to offer: calls started per second for a while, whether or not earlier calls
 * have answered (an open model).
 * <p>
 * The calls are spread over {@code clients} API keys ({@code X-API-Key}) because the
 * gateway limits each client to 50 requests per second (burst 100): by default every key
 * gets at most 25 per second, so the gateway's rate limit never shapes a normal run.
 * {@code maxInFlight} only guards the generator itself: a call times out after 10 s, so
 * the default cap (15 s worth of calls) is reached only if the generator cannot keep up;
 * calls not started because of it are counted as dropped.
 *
 * @param target the gateway, e.g. {@code http://localhost:8080}
 * @param rate calls started per second
 * @param duration how long to start calls
 * @param mix the shares of each kind of call
 * @param clients how many API keys the calls are spread over
 * @param maxInFlight most calls waiting for an answer at once
 * @param changes new rates from given offsets on (a burst, then back), in order
 */
public record LoadProfile(URI target, double rate, Duration duration, Mix mix, int clients, int maxInFlight,
		List<RateChange> changes) {

	public LoadProfile {
		if (target == null || target.getScheme() == null || target.getHost() == null) {
			throw new IllegalArgumentException("The target must be an absolute URL, e.g. http://localhost:8080");
		}
		if (!(rate > 0) || Double.isInfinite(rate)) {
			throw new IllegalArgumentException("The rate must be positive, not " + rate);
		}
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("The duration must be positive, not " + duration);
		}
		if (mix == null) {
			throw new IllegalArgumentException("A mix is required");
		}
		if (clients < 1 || maxInFlight < 1) {
			throw new IllegalArgumentException("clients and maxInFlight must be at least 1");
		}
		changes = (changes != null) ? changes.stream().sorted(Comparator.comparing(RateChange::at)).toList()
				: List.of();
	}

	/** The default mix, clients and in-flight cap for this rate. */
	public static LoadProfile of(URI target, double rate, Duration duration) {
		return new LoadProfile(target, rate, duration, Mix.defaults(), clientsFor(rate), inFlightCapFor(rate), null);
	}

	/**
	 * The same load with the rate changed at the given offsets; clients and in-flight cap
	 * grow with the highest rate, so a burst is offered by as many well-behaved clients
	 * as it takes (the gateway's per-client limit is not what a burst tests).
	 */
	public LoadProfile withRateChanges(List<RateChange> changes) {
		double highest = changes.stream().mapToDouble(RateChange::rate).reduce(this.rate, Math::max);
		return new LoadProfile(this.target, this.rate, this.duration, this.mix,
				Math.max(this.clients, clientsFor(highest)), Math.max(this.maxInFlight, inFlightCapFor(highest)),
				changes);
	}

	public LoadProfile withMix(Mix mix) {
		return new LoadProfile(this.target, this.rate, this.duration, mix, this.clients, this.maxInFlight,
				this.changes);
	}

	public LoadProfile withMaxInFlight(int maxInFlight) {
		return new LoadProfile(this.target, this.rate, this.duration, this.mix, this.clients, maxInFlight,
				this.changes);
	}

	private static int clientsFor(double rate) {
		return Math.max(4, (int) Math.ceil(rate / 25));
	}

	private static int inFlightCapFor(double rate) {
		return Math.max(500, (int) Math.ceil(rate * 15));
	}

	/** How many calls the run offers: each rate × how long it lasts. */
	public long calls() {
		double calls = 0;
		Duration from = Duration.ZERO;
		double current = this.rate;
		for (RateChange change : this.changes) {
			calls += current * (change.at().toNanos() - from.toNanos()) / 1e9;
			from = change.at();
			current = change.rate();
		}
		return Math.round(calls + current * (this.duration.toNanos() - from.toNanos()) / 1e9);
	}

	/** Nanoseconds from a call started at {@code elapsed} to the next one. */
	long intervalAt(long elapsed) {
		double current = this.rate;
		for (RateChange change : this.changes) {
			if (change.at().toNanos() > elapsed) {
				break;
			}
			current = change.rate();
		}
		return Math.round(1e9 / current);
	}

	/**
	 * From {@code at} on, start {@code rate} calls per second.
	 *
	 * @param at offset from the start of the load
	 * @param rate calls per second
	 */
	public record RateChange(Duration at, double rate) {

		public RateChange {
			if (at == null || at.isNegative() || !(rate > 0) || Double.isInfinite(rate)) {
				throw new IllegalArgumentException("A rate change needs an offset and a positive rate");
			}
		}

	}

}
