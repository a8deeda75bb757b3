package com.example.shop.system;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.example.shop.testing.HostileInput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input through the gateway (http://localhost:8080) on the whole shop as
 * {@code ./shop up} runs it: random and malformed order bodies, wrong types, huge
 * numbers, unicode and injection strings, malformed, reused and over-long
 * Idempotency-Keys, oversize and chunked bodies, hostile ids and paths on every read,
 * headers no HTTP client would send, and every state-changing operator call without the
 * operator's credentials. Whatever comes, no answer is a 5xx; every refusal is an RFC
 * 9457 problem of the shop's that names nothing internal; and the databases (orders,
 * lines, keys, reservations, stock, payments, charges, every outbox), the chaos monkeys,
 * the provider's faults and the gateway's breakers are as they were.
 * <p>
 * Each request is its own client ({@code X-API-Key}), so the per-client rate limit never
 * answers for the service.
 */
class HostileInputIT {

	private static final String GATEWAY = ShopClient.GATEWAY;

	private static final Duration SAGA = Duration.ofSeconds(90);

	private static final String OPERATOR = "Basic " + base64("admin:local-only-admin");

	/** Plenty of stock: the orders these tests place do not run it out. */
	private static final long PRODUCT = 7;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final ObjectMapper json = new ObjectMapper();

	private static ShopDatabases databases;

	@BeforeContainer
	static void startTheShop() throws SQLException {
		ShopSession.shop();
		databases = new ShopDatabases();
	}

	@AfterContainer
	static void closeTheDatabases() throws SQLException {
		if (databases != null) {
			databases.close();
		}
	}

	@Property(tries = 80)
	void answersAnyOrderBodyWithAnOrderOrAProblemThatStoresNothing(@ForAll("orderBodies") String body)
			throws Exception {
		Map<String, Long> before = databases.state();

		HttpResponse<String> response = send(order(newKey(), body));

		assertThat(response.statusCode()).as(body).isLessThan(500);
		if (response.statusCode() == 202) {
			awaitSettled(json.readTree(response.body()).get("orderId").asText());
		}
		else {
			assertRefused(response, before);
		}
	}

	@Property(tries = 40)
	void refusesMalformedIdempotencyKeys(@ForAll("malformedKeys") String key) throws Exception {
		Map<String, Long> before = databases.state();

		HttpResponse<String> response = send(order(key, validOrder(1)));

		assertThat(response.statusCode()).as(key).isEqualTo(400);
		assertRefused(response, before);
		assertThat(response.body()).contains(HostileInput.PROBLEMS + "invalid-idempotency-key");
	}

	@Property(tries = 8)
	void refusesAKeyReusedWithAnotherBody(@ForAll @IntRange(min = 1, max = 3) int first,
			@ForAll @IntRange(min = 4, max = 6) int second) throws Exception {
		String key = newKey();
		HttpResponse<String> placed = send(order(key, validOrder(first)));
		assertThat(placed.statusCode()).isEqualTo(202);
		awaitSettled(json.readTree(placed.body()).get("orderId").asText());
		Map<String, Long> before = databases.state();

		HttpResponse<String> reused = send(order(key, validOrder(second)));

		assertThat(reused.statusCode()).isEqualTo(422);
		assertRefused(reused, before);
		assertThat(reused.body()).contains(HostileInput.PROBLEMS + "idempotency-key-reused");
	}

	@Property(tries = 10)
	void refusesABodyAboveTheLimitOrWithoutALength(@ForAll @IntRange(min = 17, max = 512) int kilobytes,
			@ForAll boolean chunked) throws Exception {
		Map<String, Long> before = databases.state();
		byte[] body = ("{\"customerId\":\"" + "x".repeat(kilobytes * 1024) + "\",\"items\":[]}")
			.getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> response = send(request("/api/orders").header("Idempotency-Key", newKey())
			.header("Content-Type", "application/json")
			.POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
					: HttpRequest.BodyPublishers.ofByteArray(body)));

		assertThat(response.statusCode()).isEqualTo(chunked ? 411 : 413);
		assertRefused(response, before);
	}

	@Property(tries = 150)
	void answersHostileReadsWithoutAServerErrorAndChangesNothing(@ForAll("reads") Read read) throws Exception {
		Map<String, Long> before = databases.state();

		HttpResponse<String> response = send(request(read.path()).header("Accept", read.accept()).GET());

		assertThat(response.statusCode()).as(read.toString()).isLessThan(500);
		if (response.statusCode() != 200) {
			assertRefused(response, before);
		}
		assertThat(databases.state()).isEqualTo(before);
	}

	@Property(tries = 20)
	void answersHeadersNoClientWouldSendWithoutAServerErrorOrAForgedHeader(@ForAll("rawHeaders") String header)
			throws Exception {
		Map<String, Long> before = databases.state();
		String body = validOrder(1);

		String answer = raw("POST /api/orders HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-API-Key: "
				+ newKey() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n" + header
				+ "\r\n\r\n" + body);

		int end = answer.indexOf("\r\n\r\n");
		assertThat(end).as(answer).isPositive();
		String head = answer.substring(0, end).toLowerCase(Locale.ROOT);
		int status = Integer.parseInt(head.substring("http/1.1 ".length(), "http/1.1 ".length() + 3));
		assertThat(status).as(header).isLessThan(500);
		assertThat(head).as(header).doesNotContain("x-injected");
		if (status == 202) {
			awaitSettled(json.readTree(answer.substring(end)).get("orderId").asText());
		}
		else {
			assertThat(status).as(header).isBetween(400, 499);
			assertThat(head).contains("content-type: application/problem+json");
			assertThat(answer.substring(end)).contains(HostileInput.PROBLEMS).doesNotContain(HostileInput.LEAKS);
			assertThat(databases.state()).isEqualTo(before);
		}
	}

	@Property(tries = 40)
	void changesNothingForAnyoneWithoutTheOperatorsCredentials(@ForAll("operatorCalls") OperatorCall call)
			throws Exception {
		Map<String, Long> before = databases.state();
		Map<String, String> operated = operatorView();

		HttpResponse<String> response = send(call.request());

		assertThat(response.statusCode()).as(call.toString()).isBetween(400, 499);
		assertRefused(response, before);
		assertThat(operatorView()).isEqualTo(operated);
	}

	@Provide
	Arbitrary<String> orderBodies() {
		return HostileInput.orderBodies();
	}

	@Provide
	Arbitrary<String> malformedKeys() {
		return HostileInput.malformedIdempotencyKeys();
	}

	@Provide
	Arbitrary<Read> reads() {
		Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.strings().all().ofMinLength(1).ofMaxLength(60),
				Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(200),
				HostileInput.injections(),
				Arbitraries.of("-1", "0", "1", "20", "21", "99999999999999999999", "1.5", "1e3", "0x10",
						UUID.randomUUID().toString(), "00000000-0000-0000-0000-00000000000g", "x".repeat(5000)));
		// as sent: every id encoded, a few paths as an attacker writes them
		Arbitrary<String> encoded = ids.map(HostileInputIT::encode);
		Arbitrary<String> raw = Arbitraries.of("..", "%2e%2e", "..%2F..%2Factuator%2Fenv", "%00",
				"%0D%0AX-Injected:%20yes", "1;jsessionid=x", "1%3B", "%252e%252e", "%C0%AE%C0%AE", "%E2%80%AE",
				"1/../../actuator/env", "%5C..%5Cactuator");
		Arbitrary<String> id = Arbitraries.oneOf(encoded, raw);
		Arbitrary<String> paths = Arbitraries.oneOf(id.map((value) -> "/api/orders/" + value),
				id.map((value) -> "/api/products/" + value), id.map((value) -> "/api/payments/" + value),
				Combinators.combine(id, id).as((page, size) -> "/api/products?page=" + page + "&size=" + size));
		Arbitrary<String> accepts = Arbitraries.of("application/json", "*/*", "text/html", "application/xml", "garbage",
				"image/png;q=x");
		return Combinators.combine(paths, accepts).as(Read::new);
	}

	/**
	 * An {@code Idempotency-Key} header as no HTTP client library would write it: a bare
	 * CR or LF before a forged header, a NUL, a folded line, Latin-1 bytes, 9 KB of it,
	 * or no proper name or colon. Some of them are HTTP after all (a bare LF ends a
	 * line): those may place an order, but never forge a header of the answer.
	 */
	@Provide
	Arbitrary<String> rawHeaders() {
		return Arbitraries.create(HostileInputIT::newKey)
			.flatMap((key) -> Arbitraries.of("Idempotency-Key: " + key + "\rX-Injected: yes",
					"Idempotency-Key: " + key + "\nX-Injected: yes", "Idempotency-Key: " + key + "\u0000",
					"Idempotency-Key: " + key + "\r\n X-Injected: yes", "Idempotency-Key: " + key + "\u00e9\u00ff",
					"Idempotency-Key: " + "k".repeat(9 * 1024), "Idempotency Key: " + key, "Idempotency-Key : " + key,
					": " + key, "X-Injected"));
	}

	@Provide
	Arbitrary<OperatorCall> operatorCalls() {
		Arbitrary<OperatorCall> gateway = Arbitraries.of(new OperatorCall("POST", "/actuator/gateway/refresh", "{}"),
				new OperatorCall("POST", "/actuator/gateway/routes/sneaky",
						"{\"uri\":\"http://example.org\",\"predicates\":[\"Path=/x/**\"]}"),
				new OperatorCall("DELETE", "/actuator/gateway/routes/catalog-service", null),
				new OperatorCall("POST", "/actuator/circuitbreakers/catalog", "{\"updateState\":\"FORCE_OPEN\"}"),
				new OperatorCall("POST", "/actuator/loggers/com.example.shop", "{\"configuredLevel\":\"TRACE\"}"),
				new OperatorCall("POST", "/actuator/shutdown", null), new OperatorCall("GET", "/actuator/env", null),
				// the services' and the provider's operator paths, as if the gateway had
				// them
				new OperatorCall("POST", "/actuator/chaosmonkey/enable", "{}"),
				new OperatorCall("POST", "/actuator/deadletters", "{\"topic\":\"shop.orders-dlt\"}"),
				new OperatorCall("PUT", "/admin/faults", "{\"errorRate\":1.0}"));
		Arbitrary<OperatorCall> dashboard = Arbitraries
			.of("catalog", "order-1", "payment", "provider", "kafka", "postgres-primary")
			.flatMap((part) -> Arbitraries.of(new OperatorCall("POST", "/dashboard/api/parts/" + part + "/kill", "{}"),
					new OperatorCall("POST", "/dashboard/api/parts/" + part + "/pause", "{}"),
					new OperatorCall("POST", "/dashboard/api/monkey/" + part,
							"{\"enabled\":true,\"latency\":true,\"exceptions\":true}"),
					new OperatorCall("POST", "/dashboard/api/faults", "{\"errorRate\":1.0,\"latencyMs\":5000}"),
					new OperatorCall("POST", "/dashboard/api/load", "{\"rate\":50,\"seconds\":60}"),
					new OperatorCall("DELETE", "/dashboard/api/load", null)));
		// the services' own operator endpoints, by way of the routes
		Arbitrary<OperatorCall> throughRoutes = Arbitraries
			.of("/api/products/../../actuator/chaosmonkey/enable",
					"/api/orders/%2e%2e/%2e%2e/actuator/chaosmonkey/enable",
					"/api/payments/..%2F..%2Factuator%2Fdeadletters", "/api/products;/../../actuator/loggers/ROOT",
					"/api/payments//actuator/deadletters", "/api/payments/actuator/deadletters",
					"/api/orders/%2E%2E%2F%2E%2E%2Factuator%2Fchaosmonkey%2Fenable",
					"/api/products/%5C..%5Cactuator%5Cenv", "/api/products/1/../../../actuator/chaosmonkey/assaults")
			.map((path) -> new OperatorCall("POST", path, "{\"level\":1,\"exceptionsActive\":true}"));
		Arbitrary<String> credentials = Arbitraries.of("", "Basic " + base64("admin:guess"),
				"Basic " + base64("shop:shop"), "Basic " + base64("admin:"), "Basic " + base64(":local-only-admin"),
				"Basic %%%", "Bearer local-only-admin", "Basic " + base64("admin:local-only-admin\u0000"));
		return Combinators.combine(Arbitraries.oneOf(gateway, dashboard, throughRoutes), credentials)
			.as(OperatorCall::withAuthorization);
	}

	/** A read of the shop's API, with an {@code Accept} header. */
	record Read(String path, String accept) {
	}

	/** A call an operator would make; {@code authorization} empty: none sent. */
	record OperatorCall(String method, String path, String body, String authorization) {

		OperatorCall(String method, String path, String body) {
			this(method, path, body, "");
		}

		OperatorCall withAuthorization(String authorization) {
			return new OperatorCall(this.method, this.path, this.body, authorization);
		}

		HttpRequest.Builder request() {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + this.path))
				.header("Content-Type", "application/json")
				.method(this.method, (this.body != null) ? HttpRequest.BodyPublishers.ofString(this.body)
						: HttpRequest.BodyPublishers.noBody());
			if (!this.authorization.isEmpty()) {
				request.header("Authorization", this.authorization);
			}
			return request;
		}

	}

	/**
	 * What an operator would see change: every part's chaos monkey, the provider's
	 * faults, the gateway's breakers.
	 */
	private static Map<String, String> operatorView() throws IOException, InterruptedException {
		Map<String, String> view = new LinkedHashMap<>();
		for (int port : List.of(8081, 8082, 8092, 8083, 8089)) {
			view.put("monkey:" + port, operatorGet("http://localhost:" + port + "/actuator/chaosmonkey/status"));
		}
		view.put("faults", operatorGet(ShopClient.PROVIDER + "/admin/faults"));
		json.readTree(operatorGet(GATEWAY + "/actuator/circuitbreakers"))
			.path("circuitBreakers")
			.properties()
			.forEach((breaker) -> view.put("breaker:" + breaker.getKey(), breaker.getValue().path("state").asText()));
		assertThat(view).containsKeys("breaker:catalog", "breaker:orders", "breaker:payments");
		return view;
	}

	private static String operatorGet(String url) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", OPERATOR)
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(url).isEqualTo(200);
		return response.body();
	}

	/**
	 * Waits until the saga of an order this test placed is done: the order is CONFIRMED
	 * or REJECTED and, if its payment was declined, its stock is back. Only then is the
	 * state a baseline again.
	 */
	private static void awaitSettled(String orderId) {
		await().atMost(SAGA).pollInterval(Duration.ofMillis(250)).until(() -> {
			JsonNode order = json.readTree(send(request("/api/orders/" + orderId).GET()).body());
			String status = order.get("status").asText();
			if (status.equals("PENDING")) {
				return false;
			}
			return !"PAYMENT_DECLINED".equals(order.path("reason").asText())
					|| databases.reservation(UUID.fromString(orderId)).filter("RELEASED"::equals).isPresent();
		});
	}

	private static void assertRefused(HttpResponse<String> response, Map<String, Long> before) throws SQLException {
		HostileInput.assertProblem(response);
		assertThat(databases.state()).as("what %s %s changed", response.request().method(), response.uri())
			.isEqualTo(before);
	}

	private static HttpRequest.Builder order(String key, String body) {
		HttpRequest.Builder request = request("/api/orders").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		return (key != null) ? request.header("Idempotency-Key", key) : request;
	}

	private static HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(GATEWAY + path)).timeout(Duration.ofSeconds(30));
	}

	/**
	 * Sends as a client of its own, so the gateway's per-client rate limit stays out of
	 * it.
	 */
	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.header("X-API-Key", newKey()).build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Writes {@code request} to the gateway byte for byte and reads the answer to its
	 * end.
	 */
	private static String raw(String request) throws IOException {
		try (Socket socket = new Socket("localhost", 8080)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static String validOrder(int quantity) {
		return "{\"customerId\":\"c-hostile\",\"items\":[{\"productId\":" + PRODUCT + ",\"quantity\":" + quantity
				+ "}]}";
	}

	/** {@code raw} as one path segment, everything but letters and digits encoded. */
	private static String encode(String raw) {
		return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String newKey() {
		return "hostile-" + UUID.randomUUID();
	}

}
