package com.example.shop.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The payment provider's fault knobs ({@code /admin/faults}): shows them, or changes the
 * ones given and keeps the others (the provider replaces all knobs on every PUT).
 * Credentials come from {@code SHOP_ADMIN_USER} and {@code SHOP_ADMIN_PASSWORD}, with the
 * provider's local-only defaults.
 */
final class ProviderFaults {

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final URI endpoint;

	private final String authorization;

	ProviderFaults(URI provider, Operator operator) {
		this.endpoint = provider.resolve("/admin/faults");
		this.authorization = operator.authorization();
	}

	static ProviderFaults fromEnvironment(int port) {
		return new ProviderFaults(URI.create("http://127.0.0.1:" + port), Operator.fromEnvironment());
	}

	String show() {
		return send(request().GET());
	}

	/**
	 * Sets the given knobs (JSON field name → value), keeps the rest, and returns the
	 * provider's new settings.
	 */
	String change(Map<String, Object> knobs) {
		try {
			ObjectNode settings = (ObjectNode) json.readTree(show());
			knobs.forEach((name, value) -> settings.set(name, json.valueToTree(value)));
			return send(request().header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(settings))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private HttpRequest.Builder request() {
		return HttpRequest.newBuilder(this.endpoint)
			.header("Authorization", this.authorization)
			.timeout(Duration.ofSeconds(5));
	}

	private String send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(
						"The provider answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException("The provider is not reachable at " + this.endpoint + " (" + ex + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
