package com.example.shop.testing;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the hostile-input property tests of every part send, and what they look for in a
 * refusal: one definition of "hostile" and of "leaks an internal message" for the
 * services' tests and the whole-shop test alike.
 */
public final class HostileInput {

	/** Where every problem type of the shop lives. */
	public static final String PROBLEMS = "https://shop.example.com/problems/";

	/**
	 * Strings an attacker tries: SQL, script tags, header CRLF and log forging, NUL, JNDI
	 * lookups, format strings, path traversal, a right-to-left override, emoji, umlauts,
	 * a lone surrogate and look-alikes of JSON and null.
	 */
	public static final List<String> INJECTIONS = List.of("'; DROP TABLE orders; --", "\" OR 1=1 --",
			"1' UNION SELECT * FROM idempotency_key --", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
			"c-1\r\nX-Injected: yes", "c-1\nlevel=ERROR forged", "c\u0000nul", "${jndi:ldap://x/a}", "%s%n%x",
			"../../etc/passwd", "\u202Eevil", "😀🛒", "ümlaut-ß-é", "\uD800", "\\u0000", "null");

	/**
	 * What an internal message, or a reflected script, would look like in a body: an
	 * exception or class name, a stack frame, SQL, a JSON parser's own words.
	 */
	public static final List<String> LEAKS = List.of("Exception", "exception", "java.", "jakarta.", "org.spring",
			"com.fasterxml", "org.hibernate", "org.postgresql", "com.example", "reactor.", "io.netty", "\tat ", "SQL",
			"sql", "trace", "Cannot deserialize", "Unrecognized token", "JSON parse error", "<script", "X-Injected");

	private HostileInput() {
	}

	/** One of {@link #INJECTIONS}. */
	public static Arbitrary<String> injections() {
		return Arbitraries.of(INJECTIONS);
	}

	/**
	 * A JSON value where a field of some type is expected: every other type, numbers out
	 * of every range, a long string, and the injections as strings.
	 */
	public static Arbitrary<String> jsonValues() {
		return Arbitraries.oneOf(Arbitraries.of("null", "true", "[]", "{}", "\"\"", "\"1\"", "-1", "0", "1.5", "1e400",
				"-1e400", "99999999999999999999999999", "9223372036854775808", "2147483648", "-0.001", "NaN",
				"\"" + "x".repeat(500) + "\""), injections().map(HostileInput::jsonString));
	}

	/**
	 * Bodies for {@code POST /api/orders}: anything at all, JSON-ish noise, every field
	 * of the wrong type or out of range, too many items, truncated orders, and orders
	 * that break a rule (a product twice, no items, an unknown product). A few are valid
	 * orders after all (Jackson reads {@code "1"} and {@code 1.5} as 1).
	 */
	public static Arbitrary<String> orderBodies() {
		String order = "{\"customerId\":\"c-1\",\"items\":[{\"productId\":1,\"quantity\":1}]}";
		Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(200);
		Arbitrary<String> jsonish = Arbitraries.strings()
			.withChars("{}[]\":,0123456789-.eEtruefalsnl ")
			.ofMaxLength(80);
		Arbitrary<String> wrongFields = Combinators.combine(jsonValues(), jsonValues(), jsonValues())
			.as((customer, product, quantity) -> "{\"customerId\":" + customer + ",\"items\":[{\"productId\":" + product
					+ ",\"quantity\":" + quantity + "}]}");
		Arbitrary<String> tooManyItems = Arbitraries.integers()
			.between(21, 200)
			.map((n) -> "{\"customerId\":\"c-1\",\"items\":[" + String.join(",",
					IntStream.rangeClosed(1, n).mapToObj((i) -> "{\"productId\":" + i + ",\"quantity\":1}").toList())
					+ "]}");
		Arbitrary<String> truncated = Arbitraries.integers()
			.between(0, order.length() - 1)
			.map((end) -> order.substring(0, end));
		return Arbitraries.oneOf(anything, jsonish, wrongFields, tooManyItems, truncated,
				Arbitraries.of(
						"{\"customerId\":\"c-1\",\"items\":[{\"productId\":1,\"quantity\":1},"
								+ "{\"productId\":1,\"quantity\":2}]}",
						"{\"customerId\":\"c-1\",\"items\":[]}", "{\"customerId\":\"c-1\",\"items\":[null]}",
						"{\"customerId\":\"c-1\",\"items\":[{}]}",
						"{\"customerId\":\"c-1\",\"items\":[{\"productId\":999,\"quantity\":1}]}", "[]", "\"\"",
						"{\"items\":{\"productId\":1}}", "{".repeat(2000)));
	}

	/**
	 * {@code Idempotency-Key}s the order API refuses (it takes 1 to 64 of
	 * {@code A-Z a-z 0-9 . _ : -}).
	 */
	public static Arbitrary<String> malformedIdempotencyKeys() {
		return keysNotMatching("[A-Za-z0-9._:-]{1,64}", 300, "a".repeat(65), "' OR '1'='1", "<script>",
				"key with spaces", "key/slash", "%0d%0a");
	}

	/**
	 * Header values that do not match {@code valid}, as far as java.net.http sends them:
	 * printable ASCII and tabs (it refuses CR, LF and other controls itself), up to
	 * {@code maxLength} characters, and {@code examples}.
	 */
	public static Arbitrary<String> keysNotMatching(String valid, int maxLength, String... examples) {
		Arbitrary<String> printable = Arbitraries.strings()
			.withCharRange(' ', '~')
			.withChars('\t')
			.ofMinLength(1)
			.ofMaxLength(maxLength)
			.map(String::strip)
			.filter((key) -> !key.matches(valid));
		return Arbitraries.oneOf(printable, Arbitraries.of(examples));
	}

	/**
	 * The result of every query in {@code queries} (name to SQL returning one number), as
	 * {@code run} gives it: a snapshot to compare before and after a refused request.
	 */
	public static Map<String, Long> counts(Map<String, String> queries, ToLongFunction<String> run) {
		Map<String, Long> counts = new TreeMap<>();
		queries.forEach((name, sql) -> counts.put(name, run.applyAsLong(sql)));
		return counts;
	}

	/**
	 * Asserts that {@code response} refuses the request as the shop must: a 4xx whose
	 * body is an RFC 9457 problem with one of the shop's types and its own status, naming
	 * nothing internal. The problem's {@code instance} (the request's path, as the client
	 * sent it, percent-encoded) is left out of the search.
	 */
	public static void assertProblem(HttpResponse<String> response) {
		String request = response.request().method() + " " + response.uri();
		assertThat(response.statusCode()).as(request).isBetween(400, 499);
		assertThat(response.headers().firstValue("Content-Type")).as(request)
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).as(request)
			.contains("\"type\":\"" + PROBLEMS, "\"status\":" + response.statusCode());
		assertThat(response.body().replaceAll("\"instance\":\"[^\"]*\"", "")).as(request).doesNotContain(LEAKS);
	}

	/** {@code raw} as a JSON string, escaped only where JSON requires it. */
	public static String jsonString(String raw) {
		StringBuilder json = new StringBuilder("\"");
		raw.chars().forEach((c) -> {
			if (c == '"' || c == '\\') {
				json.append('\\').append((char) c);
			}
			else if (c < 0x20) {
				json.append("\\u%04x".formatted(c));
			}
			else {
				json.append((char) c);
			}
		});
		return json.append('"').toString();
	}

	/**
	 * {@code raw} as one path segment: all but letters, digits and {@code -._~}
	 * percent-encoded (UTF-8), slashes, backslashes and NUL left out. Tomcat refuses
	 * those encoded before any filter runs, with its own plain 400 page; behind the
	 * gateway such a path never arrives.
	 */
	public static String encodePath(String raw) {
		StringBuilder path = new StringBuilder();
		for (byte b : raw.replaceAll("[/\\\\\\x00]", "").getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			if ((c < 0x80 && Character.isLetterOrDigit(c)) || "-._~".indexOf(c) >= 0) {
				path.append(c);
			}
			else {
				path.append("%%%02X".formatted(b & 0xFF));
			}
		}
		return path.toString();
	}

}
