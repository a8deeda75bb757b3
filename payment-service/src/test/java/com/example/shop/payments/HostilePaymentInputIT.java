package com.example.shop.payments;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.shop.testing.HostileInput;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.spring.JqwikSpringSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input against the real payment-service (real PostgreSQL and Kafka): order ids
 * that are no UUIDs, injection strings, wrong methods, media types and {@code Accept}
 * headers on its API, and state-changing actuator calls (dead-letter re-drive, loggers,
 * breakers) without the operator's credentials. Whatever comes, the answer is never a
 * 5xx; a refusal is an RFC 9457 problem that names nothing internal, and no payment nor
 * event is written.
 */
@JqwikSpringSupport
// No provider: the retrier must not settle a payment left PENDING by an earlier run while
// this test counts rows. Closed after the class: its listeners and retrier would
// otherwise
// share PaymentIT's consumer group and payments.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "shop.provider.base-url=http://localhost:1")
@Import(TestInfrastructureConfiguration.class)
class HostilePaymentInputIT {

	/**
	 * Row count, and for the outbox (whose relay deletes what it published) the last id
	 * handed out: unchanged only if no event was written.
	 */
	private static final Map<String, String> STATE = Map.of("payment", "select count(*) from payment", "outbox_event",
			"select coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox_event', 'id')), 0)");

	/** The operator's endpoints this service exposes. */
	private static final List<String> EXPOSED = List.of("/actuator/deadletters", "/actuator/circuitbreakers",
			"/actuator/circuitbreakerevents", "/actuator/retries", "/actuator/bulkheads");

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Property(tries = 150)
	void answersAnyOrderIdWithAProblemThatChangesNothing(@ForAll("orderIds") String orderId) throws Exception {
		Map<String, Long> before = rows();

		HttpResponse<String> response = get("/api/payments/" + orderId);

		assertThat(response.statusCode()).as(orderId).isIn(400, 404);
		assertRefused(response, before);
	}

	@Property(tries = 60)
	void answersWrongMethodsMediaTypesAndAcceptsWithAProblem(@ForAll("misdirected") Call call) throws Exception {
		Map<String, Long> before = rows();

		HttpResponse<String> response = client.send(call.request(this.port), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(call.toString()).isIn(400, 404, 405, 406, 415);
		assertRefused(response, before);
	}

	// fewer: every refused password costs a BCrypt comparison
	@Property(tries = 30)
	void refusesOperatorCallsWithoutTheOperatorsCredentials(@ForAll("operatorCalls") Call call) throws Exception {
		Map<String, Long> before = rows();

		HttpResponse<String> response = client.send(call.request(this.port), HttpResponse.BodyHandlers.ofString());

		// An endpoint this service does not expose (env, shutdown, ...) is no endpoint at
		// all (404); the root lists the others, to GET only (405).
		assertThat(response.statusCode()).as(call.toString()).isIn(401, 404, 405);
		if (EXPOSED.contains(call.path())) {
			assertThat(response.statusCode()).as(call.toString()).isEqualTo(401);
		}
		assertRefused(response, before);
	}

	@Provide
	Arbitrary<String> orderIds() {
		Arbitrary<String> printable = Arbitraries.strings()
			.withCharRange('!', '~')
			.ofMinLength(1)
			.ofMaxLength(200)
			.map(HostileInput::encodePath);
		Arbitrary<String> anything = Arbitraries.strings()
			.all()
			.ofMinLength(1)
			.ofMaxLength(60)
			.map(HostileInput::encodePath);
		Arbitrary<String> nearlyUuids = Arbitraries
			.of(UUID.randomUUID() + "0", "00000000-0000-0000-0000-00000000000g", "{" + UUID.randomUUID() + "}",
					UUID.randomUUID().toString().replace("-", "") + "zz", "-1", "0", "99999999999999999999")
			.map(HostileInput::encodePath);
		Arbitrary<String> unknown = Arbitraries.create(UUID::randomUUID).map(UUID::toString);
		return Arbitraries.oneOf(printable, anything, HostileInput.injections().map(HostileInput::encodePath),
				nearlyUuids, unknown);
	}

	@Provide
	Arbitrary<Call> misdirected() {
		String payment = "/api/payments/" + UUID.randomUUID();
		Arbitrary<Call> methods = Arbitraries.of("POST", "PUT", "DELETE", "PATCH")
			.map((method) -> new Call(method, payment, null, null, "{\"status\":\"COMPLETED\"}"));
		Arbitrary<Call> accepts = Arbitraries.of("text/html", "application/xml", "image/png", "garbage")
			.map((accept) -> new Call("GET", "/api/payments/not-a-uuid", accept, null, null));
		Arbitrary<Call> collection = Arbitraries.of("POST", "PUT", "DELETE")
			.map((method) -> new Call(method, "/api/payments", null, null, "{}"));
		return Arbitraries.oneOf(methods, accepts, collection);
	}

	@Provide
	Arbitrary<Call> operatorCalls() {
		Arbitrary<String> paths = Arbitraries.oneOf(Arbitraries.of(EXPOSED),
				Arbitraries.of("/actuator", "/actuator/loggers/com.example.shop", "/actuator/env", "/actuator/shutdown",
						"/actuator/chaosmonkey/enable", "/actuator/heapdump"));
		Arbitrary<String> methods = Arbitraries.of("GET", "POST", "PUT", "DELETE");
		Arbitrary<String> credentials = Arbitraries.of("", "Basic " + base64("admin:guess"),
				"Basic " + base64("shop:shop"), "Basic " + base64("admin:"), "Basic %%%", "Bearer local-only-admin");
		Arbitrary<String> bodies = Arbitraries.oneOf(
				Arbitraries.of("{}", "{\"topic\":\"shop.payment-requests-dlt\"}", "{\"configuredLevel\":\"TRACE\"}"),
				HostileInput.jsonValues());
		return Combinators.combine(paths, methods, credentials, bodies)
			.as((path, method, authorization, body) -> new Call(method, path, null, authorization,
					method.equals("GET") ? null : body));
	}

	/**
	 * A call to this service; a JSON body when {@code body} is not {@code null}, an
	 * {@code Authorization} header when {@code authorization} is not empty.
	 */
	record Call(String method, String path, String accept, String authorization, String body) {

		HttpRequest request(int port) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + this.path));
			if (this.body != null) {
				request.header("Content-Type", "application/json")
					.method(this.method, HttpRequest.BodyPublishers.ofString(this.body));
			}
			else {
				request.method(this.method, HttpRequest.BodyPublishers.noBody());
			}
			if (this.accept != null) {
				request.header("Accept", this.accept);
			}
			if (this.authorization != null && !this.authorization.isEmpty()) {
				request.header("Authorization", this.authorization);
			}
			return request.build();
		}

	}

	private void assertRefused(HttpResponse<String> response, Map<String, Long> before) {
		HostileInput.assertProblem(response);
		assertThat(rows()).isEqualTo(before);
	}

	private Map<String, Long> rows() {
		return HostileInput.counts(STATE, (sql) -> this.jdbc.sql(sql).query(Long.class).single());
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

}
