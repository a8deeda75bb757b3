package com.example.shop.orders;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import com.example.shop.testing.HostileInput;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.spring.JqwikSpringSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input against the real order-service (real PostgreSQL and Kafka, WireMock as
 * catalog): random and malformed JSON, wrong types, huge numbers, unicode, injection
 * strings, malformed keys, reused keys. Whatever comes, the answer is never a 5xx; a
 * rejection is an RFC 9457 problem that names no class, SQL or stack frame, and leaves
 * every table as it was.
 */
@JqwikSpringSupport
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestInfrastructureConfiguration.class)
// As OrderIT has it: one context, so one set of listeners in the consumer group.
@AutoConfigureObservability
class HostileOrderInputIT {

	/**
	 * Row counts, and for the outbox (whose relay deletes what it published) the last id
	 * handed out: unchanged only if no event was written.
	 */
	private static final Map<String, String> STATE = Map.of("orders", "select count(*) from orders", "order_line",
			"select count(*) from order_line", "idempotency_key", "select count(*) from idempotency_key",
			"outbox_event", "select coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox_event', 'id')), 0)");

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private WireMockServer catalog;

	@Autowired
	private CircuitBreakerRegistry breakers;

	/**
	 * Called first in each try: jqwik-spring injects the fields only after
	 * {@code @BeforeProperty} methods ran, and the other ITs of this context stub the
	 * shared catalog (and may leave its breaker open) their own way.
	 */
	private void catalogKnowsProductsOneToFive() {
		this.breakers.circuitBreaker("catalog").reset();
		this.catalog.resetAll();
		this.catalog.stubFor(get(urlPathMatching("/api/products/[1-5]")).atPriority(1)
			.willReturn(okJson("{\"id\":1,\"name\":\"Cup\",\"price\":2.50}")));
		this.catalog.stubFor(get(urlPathMatching("/api/products/.*")).atPriority(2)
			.willReturn(notFound().withHeader("Content-Type", "application/problem+json")
				.withBody("{\"type\":\"" + HostileInput.PROBLEMS + "product-not-found\",\"status\":404}")));
	}

	@Property(tries = 150)
	void answersAnyBodyWithAnOrderOrAProblemThatStoresNothing(@ForAll("bodies") String body) throws Exception {
		catalogKnowsProductsOneToFive();
		Map<String, Long> before = rows();

		HttpResponse<String> response = post(newKey(), body);

		assertThat(response.statusCode()).as(body).isLessThan(500);
		if (response.statusCode() == 202) {
			assertThat(rows().get("orders")).isEqualTo(before.get("orders") + 1);
		}
		else {
			assertRejected(response, before);
		}
	}

	@Property(tries = 100)
	void storesOrRefusesHostileCustomerIdsVerbatim(@ForAll("customerIds") String customerId) throws Exception {
		catalogKnowsProductsOneToFive();
		Map<String, Long> before = rows();
		String body = "{\"customerId\":" + HostileInput.jsonString(customerId)
				+ ",\"items\":[{\"productId\":1,\"quantity\":1}]}";

		HttpResponse<String> response = post(newKey(), body);

		assertThat(response.statusCode()).as(customerId).isIn(202, 400);
		if (response.statusCode() == 202) {
			String orderId = response.headers().firstValue("Location").orElseThrow().replace("/api/orders/", "");
			assertThat(this.jdbc.sql("select customer_id from orders where id = ?")
				.param(UUID.fromString(orderId))
				.query(String.class)
				.single()).isEqualTo(new String(customerId.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
		}
		else {
			assertRejected(response, before);
		}
	}

	@Property(tries = 100)
	void refusesMalformedIdempotencyKeys(@ForAll("malformedKeys") String key) throws Exception {
		catalogKnowsProductsOneToFive();
		Map<String, Long> before = rows();

		HttpResponse<String> response = post(key,
				"{\"customerId\":\"c-1\",\"items\":[{\"productId\":1,\"quantity\":1}]}");

		assertThat(response.statusCode()).as(key).isEqualTo(400);
		assertRejected(response, before);
		assertThat(response.body()).contains(HostileInput.PROBLEMS + "invalid-idempotency-key");
	}

	@Property(tries = 30)
	void refusesAKeyReusedWithAnotherBody(@ForAll("quantities") int first, @ForAll("quantities") int second)
			throws Exception {
		catalogKnowsProductsOneToFive();
		if (first == second) {
			return;
		}
		String key = newKey();
		assertThat(post(key, order(first)).statusCode()).isEqualTo(202);
		Map<String, Long> before = rows();

		HttpResponse<String> reused = post(key, order(second));

		assertThat(reused.statusCode()).isEqualTo(422);
		assertRejected(reused, before);
		assertThat(reused.body()).contains(HostileInput.PROBLEMS + "idempotency-key-reused");
	}

	@Property(tries = 10)
	void refusesABodyAboveTheLimit(@ForAll("hugeBodies") String body) throws Exception {
		catalogKnowsProductsOneToFive();
		Map<String, Long> before = rows();

		HttpResponse<String> response = post(newKey(), body);

		assertThat(response.statusCode()).isEqualTo(413);
		assertRejected(response, before);
		assertThat(response.body()).contains(HostileInput.PROBLEMS + "payload-too-large");
	}

	@Property(tries = 50)
	void answersWrongMethodsMediaTypesAndIdsWithAProblem(@ForAll("misdirected") Call call) throws Exception {
		catalogKnowsProductsOneToFive();
		Map<String, Long> before = rows();

		HttpResponse<String> response = client.send(call.request(this.port), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(call.toString()).isIn(400, 404, 405, 406, 415);
		assertRejected(response, before);
	}

	@Provide
	Arbitrary<Call> misdirected() {
		Arbitrary<Call> methods = Arbitraries.of("PUT", "DELETE", "PATCH")
			.map((method) -> new Call(method, "", "application/json", null, order(1)));
		Arbitrary<Call> mediaTypes = Arbitraries
			.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
					"application/json; charset=nonsense", "garbage")
			.map((type) -> new Call("POST", "", type, null, order(1)));
		// a refusal is a problem even to a client that asked for something else
		Arbitrary<Call> accepts = Arbitraries.of("text/html", "application/xml", "image/png")
			.map((accept) -> new Call("POST", "", "application/json", accept, "{\"customerId\":"));
		Arbitrary<Call> ids = Arbitraries
			.oneOf(Arbitraries.strings()
				.withCharRange('!', '~')
				.ofMinLength(1)
				.ofMaxLength(100)
				.map(HostileInput::encodePath),
					Arbitraries.of("1", "-1", "99999999999999999999", "00000000-0000-0000-0000-00000000000g",
							"%27%20OR%201%3D1", "%3Cscript%3E", "%0D%0AX-Injected:%20yes", "%25"))
			.map((id) -> new Call("GET", "/" + id, null, null, null));
		return Arbitraries.oneOf(methods, mediaTypes, accepts, ids);
	}

	/**
	 * A call to {@code /api/orders}{@code path}, with a body if it has a content type.
	 */
	record Call(String method, String path, String contentType, String accept, String body) {

		HttpRequest request(int port) {
			HttpRequest.Builder request = HttpRequest
				.newBuilder(URI.create("http://localhost:" + port + "/api/orders" + this.path))
				.header("Idempotency-Key", newKey());
			if (this.contentType != null) {
				request.header("Content-Type", this.contentType)
					.method(this.method, HttpRequest.BodyPublishers.ofString(this.body));
			}
			else {
				request.method(this.method, HttpRequest.BodyPublishers.noBody());
			}
			if (this.accept != null) {
				request.header("Accept", this.accept);
			}
			return request.build();
		}

	}

	@Provide
	Arbitrary<String> bodies() {
		return HostileInput.orderBodies();
	}

	@Provide
	Arbitrary<String> customerIds() {
		return Arbitraries.oneOf(HostileInput.injections(), Arbitraries.strings().all().ofMinLength(1).ofMaxLength(70),
				Arbitraries.strings().alpha().ofMinLength(65).ofMaxLength(5000));
	}

	@Provide
	Arbitrary<String> malformedKeys() {
		return HostileInput.malformedIdempotencyKeys();
	}

	@Provide
	Arbitrary<Integer> quantities() {
		return Arbitraries.integers().between(1, 100);
	}

	@Provide
	Arbitrary<String> hugeBodies() {
		return Arbitraries.integers()
			.between(17, 2048)
			.map((kb) -> "{\"customerId\":\"" + "x".repeat(kb * 1024) + "\",\"items\":[]}");
	}

	private void assertRejected(HttpResponse<String> response, Map<String, Long> before) {
		HostileInput.assertProblem(response);
		assertThat(rows()).isEqualTo(before);
	}

	private Map<String, Long> rows() {
		return HostileInput.counts(STATE, (sql) -> this.jdbc.sql(sql).query(Long.class).single());
	}

	private HttpResponse<String> post(String key, String body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String order(int quantity) {
		return "{\"customerId\":\"c-1\",\"items\":[{\"productId\":1,\"quantity\":" + quantity + "}]}";
	}

	private static String newKey() {
		return "fuzz-" + UUID.randomUUID();
	}

}
