package com.example.shop.cli.chaos;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the shop itself says, read straight from the services (not through the gateway,
 * whose rate limit and breakers are part of what a scenario tests): orders from either
 * order-service instance, stock from catalog, charges from the provider's ledger.
 *
 * @param orders the order-service instances, tried in turn
 * @param catalog catalog-service
 * @param provider the payment provider
 */
record ShopData(List<URI> orders, URI catalog, URI provider) {

	private static final ObjectMapper json = new ObjectMapper();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	static ShopData local() {
		return new ShopData(List.of(URI.create("http://localhost:8082"), URI.create("http://localhost:8092")),
				URI.create("http://localhost:8081"), URI.create("http://localhost:8089"));
	}

	/** The order, or empty when no instance knows it (404 from one that answered). */
	Optional<JsonNode> order(String orderId) {
		IOException last = null;
		for (URI instance : this.orders) {
			try {
				HttpResponse<String> response = get(instance.resolve("/api/orders/" + orderId));
				if (response.statusCode() == 404) {
					return Optional.empty();
				}
				if (response.statusCode() == 200) {
					return Optional.of(json.readTree(response.body()));
				}
			}
			catch (IOException ex) {
				last = ex;
			}
		}
		throw new IllegalStateException("No order-service instance answers for order " + orderId, last);
	}

	/**
	 * Does what the shop tells a client whose order got no clear answer (a 5xx or none):
	 * sends the same order again with the same {@code Idempotency-Key}, to each instance
	 * in turn, until one answers 202 (the order, new or replayed) or a 4xx.
	 * @return the order, or empty on a 4xx
	 * @throws IllegalStateException when no instance answers 202 or 4xx
	 */
	Optional<Retried> retryOrder(String idempotencyKey, JsonNode body) {
		String last = "no instance";
		for (URI instance : this.orders) {
			try {
				HttpResponse<String> response = http.send(HttpRequest.newBuilder(instance.resolve("/api/orders"))
					.timeout(Duration.ofSeconds(10))
					.header("Content-Type", "application/json")
					.header("Idempotency-Key", idempotencyKey)
					.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 202) {
					return Optional.of(new Retried(json.readTree(response.body()).get("orderId").asText(),
							response.headers()
								.firstValue("Idempotent-Replayed")
								.map("true"::equalsIgnoreCase)
								.orElse(false)));
				}
				if (response.statusCode() >= 400 && response.statusCode() < 500 && response.statusCode() != 409) {
					return Optional.empty();
				}
				last = instance + " answered " + response.statusCode();
			}
			catch (IOException ex) {
				last = instance + ": " + ex.getMessage();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted", ex);
			}
		}
		throw new IllegalStateException("Retrying order key " + idempotencyKey + " failed: " + last);
	}

	/** Stock of every product. */
	Map<Long, Integer> stock() {
		JsonNode page = read(this.catalog.resolve("/api/products?page=0&size=100"));
		Map<Long, Integer> stock = new HashMap<>();
		page.get("content").forEach((product) -> stock.put(product.get("id").asLong(), product.get("stock").asInt()));
		return stock;
	}

	/** Approved charges for an order (its reference) in the provider's ledger. */
	long approvedCharges(String orderId) {
		long approved = 0;
		for (JsonNode charge : read(this.provider.resolve("/charges?reference=" + orderId))) {
			approved += "APPROVED".equals(charge.get("status").asText()) ? 1 : 0;
		}
		return approved;
	}

	/** The money the provider approved in all. */
	BigDecimal approvedTotal() {
		return read(this.provider.resolve("/charges/summary")).get("approvedTotal").decimalValue();
	}

	private JsonNode read(URI uri) {
		try {
			HttpResponse<String> response = get(uri);
			if (response.statusCode() != 200) {
				throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
			}
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + uri + " failed: " + ex.getMessage(), ex);
		}
	}

	private static HttpResponse<String> get(URI uri) throws IOException {
		try {
			return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

	/**
	 * An order a retry brought back.
	 *
	 * @param orderId its id
	 * @param replayed whether it had been stored before the retry
	 */
	record Retried(String orderId, boolean replayed) {

	}

}
