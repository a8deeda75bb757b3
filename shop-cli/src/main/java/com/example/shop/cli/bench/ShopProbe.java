package com.example.shop.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.shop.cli.Operator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the benchmark asks the running shop between loads: the state of one of the
 * gateway's breakers ({@code /actuator/circuitbreakers}, as the operator) and the events
 * waiting in the services' outboxes ({@code outbox_backlog} in their Prometheus scrape).
 */
final class ShopProbe {

	private static final Pattern BACKLOG = Pattern.compile("(?m)^outbox_backlog(?:\\{[^}]*})? (\\S+)$");

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private final URI gateway;

	private final Operator operator;

	ShopProbe(URI gateway, Operator operator) {
		this.gateway = gateway;
		this.operator = operator;
	}

	/**
	 * The gateway's breaker {@code name}: {@code CLOSED}, {@code OPEN},
	 * {@code HALF_OPEN}…; null if unknown.
	 */
	String breaker(String name) {
		String body = get(this.gateway.resolve("/actuator/circuitbreakers"), true);
		if (body == null) {
			return null;
		}
		try {
			JsonNode state = json.readTree(body).path("circuitBreakers").path(name).path("state");
			return state.isMissingNode() ? null : state.asText();
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * The events waiting in the outboxes of these services (one instance per database);
	 * null while one of them cannot say.
	 */
	Long backlog(Collection<URI> services) {
		long total = 0;
		for (URI service : services) {
			String body = get(service.resolve("/actuator/prometheus"), false);
			Matcher backlog = (body != null) ? BACKLOG.matcher(body) : null;
			if (backlog == null || !backlog.find()) {
				return null;
			}
			double value = Double.parseDouble(backlog.group(1));
			if (Double.isNaN(value)) {
				return null;
			}
			total += Math.round(value);
		}
		return total;
	}

	private String get(URI uri, boolean asOperator) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2));
		if (asOperator) {
			request.header("Authorization", this.operator.authorization());
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
