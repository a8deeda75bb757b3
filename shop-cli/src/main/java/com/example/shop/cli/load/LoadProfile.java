package com.example.shop.cli.load;

import java.net.URI;
import java.time.Duration;

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
 */
public record LoadProfile(URI target, double rate, Duration duration, Mix mix, int clients, int maxInFlight) {

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
	}

	/** The default mix, clients and in-flight cap for this rate. */
	public static LoadProfile of(URI target, double rate, Duration duration) {
		return new LoadProfile(target, rate, duration, Mix.defaults(), Math.max(4, (int) Math.ceil(rate / 25)),
				Math.max(500, (int) Math.ceil(rate * 15)));
	}

	public LoadProfile withMix(Mix mix) {
		return new LoadProfile(this.target, this.rate, this.duration, mix, this.clients, this.maxInFlight);
	}

	public LoadProfile withMaxInFlight(int maxInFlight) {
		return new LoadProfile(this.target, this.rate, this.duration, this.mix, this.clients, maxInFlight);
	}

	/** How many calls the run offers: rate × duration. */
	public long calls() {
		return Math.round(this.rate * this.duration.toNanos() / 1e9);
	}

	/** Nanoseconds between two call starts. */
	long interval() {
		return Math.round(1e9 / this.rate);
	}

}
