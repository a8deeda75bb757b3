package com.example.shop.gateway.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The shop at one moment, as the dashboard page draws it.
 *
 * @param at when it was looked at
 * @param parts every part: the services, the broker and the two database servers
 * @param breakers every circuit breaker of every service
 * @param bulkheads every bulkhead of every service
 * @param saga the order pipeline
 * @param degraded the gateway's degraded answers
 * @param events the latest notable events, newest first
 * @param controls what the page can do here
 */
record Snapshot(Instant at, List<Part> parts, List<Breaker> breakers, List<Bulkhead> bulkheads, Saga saga,
		Degraded degraded, List<Event> events, Controls controls) {

	/**
	 * One part.
	 *
	 * @param name its name, as {@code ./shop} calls it
	 * @param kind {@code service}, {@code broker} or {@code database}
	 * @param state {@code up}, {@code degraded}, {@code starting}, {@code paused},
	 * {@code down} or {@code unknown}
	 * @param detail why, in a few words
	 * @param busy whether a restart (or another action) on it is under way
	 */
	record Part(String name, String kind, String state, String detail, boolean busy) {

	}

	/**
	 * @param part the service it is in
	 * @param name the breaker's name
	 * @param state {@code closed}, {@code open}, {@code half_open},
	 * {@code forced_open}...
	 * @param failureRate percent of failed calls in its window, -1 until it has enough
	 * calls
	 */
	record Breaker(String part, String name, String state, double failureRate) {

	}

	/**
	 * @param part the service it is in
	 * @param name the bulkhead's name
	 * @param used calls in flight now
	 * @param max calls it lets in at once
	 */
	record Bulkhead(String part, String name, int used, int max) {

	}

	/**
	 * @param ordersLastMinute orders that reached each status in the last minute
	 * ({@code PENDING} is a new order)
	 * @param paymentsLastMinute payments that reached each outcome in the last minute
	 * @param outbox events waiting in each service's outbox (instances of one service
	 * share theirs)
	 * @param consumerLag each consumer group's lag, from the broker; empty while it is
	 * down
	 * @param deadLetters dead letters waiting per dead-letter topic
	 * @param replicaLagSeconds the streaming replica's lag, null when unknown
	 */
	record Saga(Map<String, Long> ordersLastMinute, Map<String, Long> paymentsLastMinute, Map<String, Long> outbox,
			Map<String, Long> consumerLag, Map<String, Long> deadLetters, Double replicaLagSeconds) {

	}

	/**
	 * @param lastMinute answers the gateway sent with {@code X-Degraded} in the last
	 * minute
	 * @param byReason the same, by the header's value
	 */
	record Degraded(long lastMinute, Map<String, Long> byReason) {

	}

	/**
	 * @param at when it was seen
	 * @param kind {@code part}, {@code breaker}, {@code balancer}, {@code deadletter},
	 * {@code outbox}, {@code load} or {@code control}
	 * @param text what happened
	 */
	record Event(Instant at, String kind, String text) {

	}

	/**
	 * @param stack whether the local stack's controls (kill, pause, resume, restart, load
	 * runs) are offered
	 * @param load the dashboard's load run, or null
	 * @param providerFaults the payment provider's fault knobs, or null
	 * @param services the parts Chaos Monkey can be turned on in
	 */
	record Controls(boolean stack, JsonNode load, JsonNode providerFaults, List<String> services) {

	}

}
