package com.example.shop.cli.load;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sends one {@link Request} through the gateway and describes what happened as a
 * {@link Call}. Never throws for what the network or the shop did: that is data.
 */
final class GatewayClient implements AutoCloseable {

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(CONNECT_TIMEOUT)
		.build();

	private final URI target;

	GatewayClient(URI target) {
		this.target = target;
	}

	Call send(Request request) {
		HttpRequest.Builder http = HttpRequest.newBuilder(this.target.resolve(request.path()))
			.timeout(REQUEST_TIMEOUT)
			.header("Accept", "application/json")
			.header("X-API-Key", request.client())
			.header("X-Request-Id", request.requestId());
		if (request.bodyText() != null) {
			http.header("Content-Type", "application/json")
				.header("Idempotency-Key", request.idempotencyKey())
				.POST(HttpRequest.BodyPublishers.ofString(request.bodyText()));
		}
		long startedAt = System.currentTimeMillis();
		long start = System.nanoTime();
		try {
			HttpResponse<String> response = this.http.send(http.build(), HttpResponse.BodyHandlers.ofString());
			double latency = millisSince(start);
			JsonNode answer = order(request, response);
			return call(request, startedAt, response.statusCode(), null, latency,
					response.headers().firstValue("X-Degraded").orElse(null),
					response.headers().firstValue("Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false),
					text(answer, "orderId"), text(answer, "status"));
		}
		catch (IOException ex) {
			return call(request, startedAt, 0, error(ex), millisSince(start), null, false, null, null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return call(request, startedAt, 0, "interrupted", millisSince(start), null, false, null, null);
		}
	}

	@Override
	public void close() {
		this.http.shutdownNow();
	}

	/** The answer's JSON when it is about an order, else null. */
	private static JsonNode order(Request request, HttpResponse<String> response) {
		boolean aboutAnOrder = request.bodyText() != null || request.op() == Op.POLL_ORDER;
		String body = response.body();
		if (!aboutAnOrder || body == null || !body.startsWith("{")) {
			return null;
		}
		try {
			return json.readTree(body);
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static String text(JsonNode answer, String field) {
		return (answer != null && answer.hasNonNull(field)) ? answer.get(field).asText() : null;
	}

	private static String error(IOException ex) {
		if (ex instanceof HttpConnectTimeoutException) {
			return "connect timeout";
		}
		if (ex instanceof HttpTimeoutException) {
			return "timeout";
		}
		if (ex instanceof ConnectException) {
			return "connection refused";
		}
		return (ex.getMessage() != null) ? ex.getClass().getSimpleName() + ": " + ex.getMessage()
				: ex.getClass().getSimpleName();
	}

	private static double millisSince(long start) {
		return Math.round((System.nanoTime() - start) / 1_000.0) / 1_000.0;
	}

	private static Call call(Request request, long startedAt, int status, String error, double latency, String degraded,
			boolean replayed, String orderId, String orderStatus) {
		return new Call(startedAt, request.requestId(), request.op(), request.client(), request.method(),
				request.path(), request.idempotencyKey(), request.body(), status, error, latency, degraded, replayed,
				orderId, orderStatus);
	}

}
