package com.example.shop.provider.fault;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

/**
 * The bank's current faults and the dice that decide, charge by charge, whether one
 * strikes. Read on every charge and replaced as a whole, so a charge never sees half of
 * an update.
 */
@Component
public class Faults {

	private final AtomicReference<FaultSettings> settings;

	Faults(FaultProperties properties) {
		this.settings = new AtomicReference<>(properties.toSettings());
	}

	FaultSettings current() {
		return this.settings.get();
	}

	void replace(FaultSettings settings) {
		this.settings.set(settings);
	}

	/** The fixed latency plus a random share of the jitter. */
	Duration nextLatency() {
		FaultSettings current = current();
		long jitter = (current.latencyJitterMs() > 0)
				? ThreadLocalRandom.current().nextLong(current.latencyJitterMs() + 1) : 0;
		return Duration.ofMillis(current.latencyMs() + jitter);
	}

	boolean failsNext() {
		return strikes(current().errorRate());
	}

	boolean dropsNextResponse() {
		return strikes(current().dropResponseRate());
	}

	/** Whether the issuer declines the next charge the bank would otherwise approve. */
	public boolean declinesNext() {
		return strikes(current().declineRate());
	}

	private static boolean strikes(double rate) {
		return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
	}

}
