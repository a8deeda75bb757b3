package com.example.shop.gateway.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one round of looking at the shop found, before it is made into a {@link Snapshot}.
 *
 * @param at when the round began
 * @param services each Spring Boot part by name (gateway included)
 * @param kafka what the broker said
 * @param stack what the local stack's control port said, or {@link Stack#NONE}
 * @param balanced the order-service instances the gateway's load balancer offers now
 * (their base URLs), or null when it could not tell
 * @param providerFaults the payment provider's fault knobs, or null
 */
record Readings(Instant at, Map<String, Service> services, Kafka kafka, Stack stack, List<String> balanced,
		JsonNode providerFaults) {

	/**
	 * One service's health and metrics.
	 *
	 * @param reachable whether it answered its health endpoint at all
	 * @param health its overall health status ({@code UP}, {@code DOWN}, ...), or null
	 * @param components each health component's status (shown to the operator only)
	 * @param metrics its Prometheus scrape, empty when it could not be read
	 */
	record Service(boolean reachable, String health, Map<String, String> components, PrometheusScrape metrics) {

		static final Service UNREACHABLE = new Service(false, null, Map.of(), PrometheusScrape.EMPTY);

		boolean up() {
			return this.reachable && "UP".equals(this.health);
		}

	}

	/**
	 * The broker, asked with an admin client.
	 *
	 * @param reachable whether it answered in time
	 * @param brokers how many brokers the cluster has
	 * @param lag each consumer group's lag, summed over its partitions
	 */
	record Kafka(boolean reachable, int brokers, Map<String, Long> lag) {

		static final Kafka UNREACHABLE = new Kafka(false, 0, Map.of());

	}

	/**
	 * The local stack ({@code ./shop up}), when the gateway runs in it.
	 *
	 * @param available whether its control port answered
	 * @param parts each process's state ({@code up}, {@code starting}, {@code paused},
	 * {@code down}) by part name
	 * @param busy the parts an action is under way on
	 * @param load the dashboard's load run, or null
	 */
	record Stack(boolean available, Map<String, String> parts, List<String> busy, JsonNode load) {

		static final Stack NONE = new Stack(false, Map.of(), List.of(), null);

	}

}
