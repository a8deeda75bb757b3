package com.example.shop.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A plain HTTP client of the shop's public API (through the gateway) and of the
 * provider's ledger.
 */
final class ShopClient {

	static final String GATEWAY = "http://localhost:8080";

	static final String PROVIDER = "http://localhost:8089";

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** Each client is its own caller for the gateway's per-client rate limit. */
	private final String apiKey = "system-tests-" + java.util.UUID.randomUUID();

	record Answer(int status, JsonNode body, Map<String, java.util.List<String>> headers) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

	Answer get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET());
	}

	Answer placeOrder(String idempotencyKey, String customerId, long productId, int quantity) {
		String body = """
				{"customerId":"%s","items":[{"productId":%d,"quantity":%d}]}""".formatted(customerId, productId,
				quantity);
		return send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/orders"))
			.header("Idempotency-Key", idempotencyKey)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	JsonNode order(String orderId) {
		return get(GATEWAY + "/api/orders/" + orderId).body();
	}

	int stock(long productId) {
		return get(GATEWAY + "/api/products/" + productId).body().get("stock").asInt();
	}

	BigDecimal price(long productId) {
		return get(GATEWAY + "/api/products/" + productId).body().get("price").decimalValue();
	}

	JsonNode charges(String orderId) {
		return get(PROVIDER + "/charges?reference=" + orderId).body();
	}

	private Answer send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(
					request.header("X-API-Key", this.apiKey).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			JsonNode body = response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
			return new Answer(response.statusCode(), body, response.headers().map());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
