package com.example.shop.provider;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import com.example.shop.testing.HostileInput;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.spring.JqwikSpringSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input against the real provider (real PostgreSQL): random and malformed charge
 * bodies, wrong types, amounts out of every range, injection strings, malformed and
 * reused keys, hostile ledger queries, and fault settings out of range, with and without
 * the operator's credentials. Whatever comes, the answer is never a 5xx; a refusal is an
 * RFC 9457 problem that names nothing internal and leaves the ledger and the faults as
 * they were.
 */
@JqwikSpringSupport
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestInfrastructureConfiguration.class)
class HostileChargeInputIT {

	private static final String NO_FAULTS = """
			{"latencyMs":0,"latencyJitterMs":0,"errorRate":0.0,"declineRate":0.0,"dropResponseRate":0.0}""";

	private static final String OPERATOR = "Basic "
			+ Base64.getEncoder().encodeToString("admin:local-only-admin".getBytes(StandardCharsets.UTF_8));

	private static final HttpClient client = HttpClient.newHttpClient();

	private static final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Property(tries = 150)
	void answersAnyChargeBodyWithADecisionOrAProblemThatRecordsNothing(@ForAll("bodies") String body) throws Exception {
		long before = charges();

		HttpResponse<String> response = charge(newKey(), body);

		assertThat(response.statusCode()).as(body).isLessThan(500);
		Statistics.label("answer").collect(response.statusCode()).coverage((answers) -> {
			answers.check(201).count((count) -> count > 0);
			answers.check(400).count((count) -> count > 0);
		});
		if (response.statusCode() == 201) {
			assertThat(charges()).isEqualTo(before + 1);
		}
		else {
			assertRefused(response, before);
		}
	}

	@Property(tries = 100)
	void recordsOrRefusesHostileReferencesAndCustomersVerbatim(@ForAll("texts") String reference,
			@ForAll("texts") String customerId) throws Exception {
		long before = charges();
		String key = newKey();

		HttpResponse<String> response = charge(key,
				body(HostileInput.jsonString(reference), HostileInput.jsonString(customerId), "25.00"));

		assertThat(response.statusCode()).as("%s / %s", reference, customerId).isIn(201, 400);
		if (response.statusCode() == 201) {
			assertThat(this.jdbc.sql("select customer_id from charge where idempotency_key = ?")
				.param(key)
				.query(String.class)
				.single()).isEqualTo(asSent(customerId));
		}
		else {
			assertRefused(response, before);
		}
	}

	@Property(tries = 100)
	void refusesMalformedIdempotencyKeys(@ForAll("malformedKeys") String key) throws Exception {
		long before = charges();

		HttpResponse<String> response = charge(key, validBody("25.00"));

		assertThat(response.statusCode()).as(key).isEqualTo(400);
		assertRefused(response, before);
	}

	@Property(tries = 30)
	void refusesAKeyReusedForAnotherCharge(@ForAll("amounts") int first, @ForAll("amounts") int second)
			throws Exception {
		if (first == second) {
			return;
		}
		String key = newKey();
		String reference = UUID.randomUUID().toString();
		assertThat(charge(key, body("\"" + reference + "\"", "\"c-1\"", first + ".00")).statusCode()).isEqualTo(201);
		long before = charges();

		HttpResponse<String> reused = charge(key, body("\"" + reference + "\"", "\"c-1\"", second + ".00"));

		assertThat(reused.statusCode()).isEqualTo(422);
		assertRefused(reused, before);
		assertThat(reused.body()).contains(HostileInput.PROBLEMS + "idempotency-key-reused");
	}

	@Property(tries = 60)
	void answersAnyLedgerQueryWithAListOrAProblem(@ForAll("texts") String reference) throws Exception {
		long before = charges();

		HttpResponse<String> response = send(request(
				"/charges?reference=" + URLEncoder.encode(reference, StandardCharsets.UTF_8).replace("+", "%20"))
			.GET());

		assertThat(response.statusCode()).as(reference).isIn(200, 400);
		if (response.statusCode() == 200) {
			assertThat(json.readTree(response.body()).findValuesAsText("reference")).as(reference)
				.allSatisfy((found) -> assertThat(found).isEqualTo(asSent(reference)));
		}
		else {
			assertRefused(response, before);
		}
	}

	@Property(tries = 100)
	void appliesFaultSettingsInRangeAndRefusesAllOthersChangingNothing(@ForAll("faultSettings") FaultsBody settings)
			throws Exception {
		try {
			HttpResponse<String> response = send(faults().header("Authorization", OPERATOR)
				.PUT(HttpRequest.BodyPublishers.ofString(settings.json())));

			if (settings.inRange() != null) {
				assertThat(response.statusCode()).as(settings.json()).isEqualTo(settings.inRange() ? 200 : 400);
			}
			assertThat(response.statusCode()).as(settings.json()).isIn(200, 400);
			Statistics.label("answer").collect(response.statusCode()).coverage((answers) -> {
				answers.check(200).count((count) -> count > 0);
				answers.check(400).count((count) -> count > 0);
			});
			if (response.statusCode() == 200) {
				assertThat(currentFaults()).isEqualTo(response.body());
			}
			else {
				HostileInput.assertProblem(response);
				assertThat(currentFaults()).isEqualTo(NO_FAULTS);
			}
		}
		finally {
			send(faults().header("Authorization", OPERATOR).PUT(HttpRequest.BodyPublishers.ofString(NO_FAULTS)));
		}
	}

	@Property(tries = 40)
	void refusesToChangeFaultsWithoutTheOperatorsCredentials(@ForAll("faultSettings") FaultsBody settings,
			@ForAll("wrongCredentials") String authorization) throws Exception {
		HttpRequest.Builder request = faults();
		if (!authorization.isEmpty()) {
			request.header("Authorization", authorization);
		}

		HttpResponse<String> response = send(request.PUT(HttpRequest.BodyPublishers.ofString(settings.json())));

		assertThat(response.statusCode()).isEqualTo(401);
		HostileInput.assertProblem(response);
		assertThat(currentFaults()).isEqualTo(NO_FAULTS);
	}

	@Provide
	Arbitrary<String> bodies() {
		Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(200);
		Arbitrary<String> jsonish = Arbitraries.strings()
			.withChars("{}[]\":,0123456789-.eEtruefalsnl ")
			.ofMaxLength(80);
		Arbitrary<String> wrongFields = Combinators
			.combine(HostileInput.jsonValues(), HostileInput.jsonValues(), HostileInput.jsonValues())
			.as(HostileChargeInputIT::body);
		Arbitrary<String> amounts = Arbitraries
			.of("0", "0.00", "-25.00", "25.001", "12345678901.00", "9999999999.99", "1e400", "1E-400", "-0",
					"99999999999999999999999999", "\"25.00\"", "\"lots\"", "[25]", "{\"value\":25}")
			.map(HostileChargeInputIT::validBody);
		Arbitrary<String> tooLong = Arbitraries.integers()
			.between(65, 100_000)
			.map((n) -> body("\"" + "r".repeat(n) + "\"", "\"c-1\"", "25.00"));
		Arbitrary<String> truncated = Arbitraries.integers()
			.between(0, validBody("25.00").length() - 1)
			.map((end) -> validBody("25.00").substring(0, end));
		// valid, but for the texts: some are decisions, as the coverage check asks
		Arbitrary<String> texts = Combinators.combine(texts(), texts())
			.as((reference, customer) -> body(HostileInput.jsonString(reference), HostileInput.jsonString(customer),
					"25.00"));
		return Arbitraries.oneOf(anything, jsonish, wrongFields, amounts, tooLong, truncated, texts,
				Arbitraries.of("[]", "\"\"", "null", "{}", "{\"reference\":{\"$gt\":\"\"}}", "{".repeat(2000)));
	}

	@Provide
	Arbitrary<String> texts() {
		return Arbitraries.oneOf(HostileInput.injections(), Arbitraries.strings().all().ofMinLength(1).ofMaxLength(70));
	}

	@Provide
	Arbitrary<String> malformedKeys() {
		return HostileInput.keysNotMatching("[\\x21-\\x7E]{1,255}", 400, "k".repeat(256), "key with spaces",
				"' OR '1'='1 --");
	}

	@Provide
	Arbitrary<Integer> amounts() {
		return Arbitraries.integers().between(1, 999);
	}

	@Provide
	Arbitrary<FaultsBody> faultSettings() {
		Arbitrary<Long> millis = Arbitraries.oneOf(Arbitraries.longs().between(-1_000, 70_000),
				Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 60_000L, 60_001L));
		Arbitrary<Double> rates = Arbitraries.oneOf(Arbitraries.doubles().between(-1, 2),
				Arbitraries.of(0.0, 1.0, -0.0, 1.0000001, Double.MAX_VALUE, -Double.MIN_VALUE));
		Arbitrary<FaultsBody> numbers = Combinators.combine(millis, millis, rates, rates, rates)
			.as((latency, jitter, error, decline, drop) -> FaultsBody.of(latency, jitter, error, decline, drop));
		// Jackson's lenient coercions ("1" is 1, null is 0) may make some of these valid
		Arbitrary<FaultsBody> wrongTypes = HostileInput.jsonValues()
			.map((value) -> new FaultsBody("{\"latencyMs\":" + value + ",\"errorRate\":" + value + "}", null));
		return Arbitraries.oneOf(numbers, wrongTypes);
	}

	@Provide
	Arbitrary<String> wrongCredentials() {
		return Arbitraries.of("", "Basic " + base64("admin:guess"), "Basic " + base64("root:local-only-admin"),
				"Basic " + base64("admin:"), "Basic not-base64!", "Bearer local-only-admin", "Basic",
				"Basic " + base64("admin:local-only-admin' OR '1'='1"));
	}

	/**
	 * A body for {@code PUT /admin/faults} and whether every knob in it is in range
	 * ({@code null}: the test does not tell).
	 */
	record FaultsBody(String json, Boolean inRange) {

		static FaultsBody of(long latency, long jitter, double error, double decline, double drop) {
			boolean inRange = millis(latency) && millis(jitter) && rate(error) && rate(decline) && rate(drop);
			String json = """
					{"latencyMs":%d,"latencyJitterMs":%d,"errorRate":%s,"declineRate":%s,"dropResponseRate":%s}"""
				.formatted(latency, jitter, error, decline, drop);
			return new FaultsBody(json, inRange);
		}

		private static boolean millis(long value) {
			return value >= 0 && value <= 60_000;
		}

		private static boolean rate(double value) {
			return value >= 0 && value <= 1;
		}

	}

	private void assertRefused(HttpResponse<String> response, long before) {
		HostileInput.assertProblem(response);
		assertThat(charges()).isEqualTo(before);
	}

	private long charges() {
		return this.jdbc.sql("select count(*) from charge").query(Long.class).single();
	}

	private String currentFaults() throws IOException, InterruptedException {
		HttpResponse<String> response = send(faults().header("Authorization", OPERATOR).GET());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private HttpRequest.Builder faults() {
		return request("/admin/faults").header("Content-Type", "application/json");
	}

	private HttpResponse<String> charge(String key, String body) throws IOException, InterruptedException {
		return send(request("/charges").header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String validBody(String amount) {
		return body("\"" + UUID.randomUUID() + "\"", "\"c-1\"", amount);
	}

	private static String body(String reference, String customerId, String amount) {
		return "{\"reference\":" + reference + ",\"customerId\":" + customerId + ",\"amount\":" + amount + "}";
	}

	/** What the server reads of {@code text} once java.net.http sent it as UTF-8. */
	private static String asSent(String text) {
		return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String newKey() {
		return "fuzz-" + UUID.randomUUID();
	}

}
