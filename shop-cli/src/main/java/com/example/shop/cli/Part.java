package com.example.shop.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One process of the local stack: the unit a user kills, pauses, resumes or restarts.
 */
interface Part {

	/** The name used on the command line, e.g. {@code order-1}. */
	String name();

	/** What it is, for the status table. */
	String description();

	int port();

	/**
	 * Creates what must exist before the first start (data folder, broker storage).
	 * Idempotent.
	 */
	default void prepare() {
	}

	List<String> command();

	default Map<String, String> environment() {
		return Map.of();
	}

	/** Returns once the part serves, or throws after {@code timeout}. */
	void awaitReady(Duration timeout);

	/** Work to do once it is ready, the first time (e.g. create databases). */
	default void afterReady() {
	}

	/**
	 * The signal for a graceful stop: PostgreSQL's fast shutdown is SIGINT, everyone
	 * else's SIGTERM.
	 */
	default String stopSignal() {
		return "TERM";
	}

	/** A URL worth printing, or null. */
	default String url() {
		return null;
	}

}
