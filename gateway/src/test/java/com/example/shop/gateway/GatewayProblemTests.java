package com.example.shop.gateway;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers the gateway makes up itself are RFC 9457 problems with a stable type that
 * echo nothing of the request, and a refused request never reaches a service. Raw HTTP
 * (java.net.http), so the test controls lengths, methods and headers exactly.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class GatewayProblemTests {

	private static final String PROBLEMS = "https://shop.example.com/problems/";

	private static final String ORDER = """
			{"customerId":"c-42","items":[{"productId":1,"quantity":2}]}""";

	@RegisterExtension
	static final ShopServices services = new ShopServices();

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@BeforeEach
	void servicesWouldAcceptAnything() {
		services.all.forEach((service) -> service.stubFor(any(urlPathMatching("/api/.*"))
			.willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json").withBody("{}"))));
	}

	@Test
	void refusesABodyAboveTheLimitWithoutCallingAService() throws Exception {
		String tooLarge = "{\"customerId\":\"" + "x".repeat(16 * 1024) + "\",\"items\":[]}";

		HttpResponse<String> response = send(order().POST(BodyPublishers.ofString(tooLarge)));

		assertProblem(response, 413, "payload-too-large");
		services.all.forEach((service) -> assertThat(ShopServices.apiRequests(service)).isZero());
	}

	@Test
	void letsABodyWithinTheLimitThrough() throws Exception {
		HttpResponse<String> response = send(order().POST(BodyPublishers.ofString(ORDER)));

		assertThat(response.statusCode()).isEqualTo(202);
	}

	@Test
	void refusesAChunkedBodyWithoutCallingAService() throws Exception {
		// an input stream has no known length: java.net.http sends it chunked
		HttpResponse<String> response = send(order().POST(
				BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(ORDER.getBytes(StandardCharsets.UTF_8)))));

		assertProblem(response, 411, "length-required");
		services.all.forEach((service) -> assertThat(ShopServices.apiRequests(service)).isZero());
	}

	@Test
	void answersAnUnknownPathWithNotFound() throws Exception {
		for (String path : List.of("/nowhere", "/api/orderz", "/api/%3Cscript%3E")) {
			assertProblem(send(request(path).GET()), 404, "not-found");
		}
	}

	@Test
	void answersAWrongMethodOnTheGatewaysOwnEndpointsWithMethodNotAllowed() throws Exception {
		assertProblem(send(request("/actuator/health").DELETE()), 405, "method-not-allowed");
	}

	@Test
	void refusesEncodedLineBreaksSlashesAndBrokenUtf8BeforeAnyRoute() throws Exception {
		for (String path : List.of("/api/orders/%0D%0AX-Injected:%20yes", "/api/products/1%2F..%2F..%2Factuator",
				"/api/products/%00", "/api/orders/%C0%AE%C0%AE", "/api/payments/%ED%A0%80", "/api/products/%FF",
				"/api/products?page=%C0%AE")) {
			assertProblem(send(request(path).GET()), 400, "bad-request");
		}
		services.all.forEach((service) -> assertThat(ShopServices.apiRequests(service)).isZero());
	}

	@Test
	void letsPercentEncodedUtf8Through() throws Exception {
		for (String path : List.of("/api/products/%C3%BCmlaut", "/api/products?q=%F0%9F%98%80",
				"/api/orders/%E2%80%AE")) {
			assertThat(send(request(path).GET()).statusCode()).as(path).isEqualTo(202);
		}
	}

	@Test
	void refusesHeadersAboveTheLimitWithAProblem() throws Exception {
		HttpResponse<String> response = send(request("/api/products").header("X-Padding", "x".repeat(9 * 1024)).GET());

		assertProblem(response, 431, "request-header-fields-too-large");
		assertThat(response.body()).contains("larger than 8 KB");
		services.all.forEach((service) -> assertThat(ShopServices.apiRequests(service)).isZero());
	}

	@Test
	void refusesARequestLineAboveTheLimitWithAProblem() throws Exception {
		HttpResponse<String> response = send(request("/api/products?q=" + "x".repeat(5 * 1024)).GET());

		assertProblem(response, 414, "uri-too-long");
		assertThat(response.body()).contains("longer than 4 KB");
		services.all.forEach((service) -> assertThat(ShopServices.apiRequests(service)).isZero());
	}

	@Test
	void refusesARequestThatIsNotHttpWithAProblem() throws Exception {
		for (String request : List.of("GET /api/products HTTP/1.1\r\nHost: localhost\r\nX Bad: header name\r\n\r\n",
				"POST /api/orders HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n")) {
			String response = raw(request);

			assertThat(response).as(request)
				.startsWith("HTTP/1.1 400 Bad Request\r\n")
				.contains("content-type: application/problem+json\r\n")
				.endsWith("""
						{"type":"https://shop.example.com/problems/bad-request","title":"Bad Request","status":400,\
						"detail":"The request is not valid HTTP."}""");
		}
		services.all.forEach((service) -> assertThat(ShopServices.apiRequests(service)).isZero());
	}

	@Test
	void answersWhateverAClientAcceptsWithAProblem() throws Exception {
		for (String accept : List.of("garbage", "text/html", "image/png;q=x", "*/*;;;")) {
			assertProblem(send(request("/nowhere").header("Accept", accept).GET()), 404, "not-found");
			assertProblem(send(order().header("Accept", accept).POST(BodyPublishers.ofString("x".repeat(17 * 1024)))),
					413, "payload-too-large");
		}
	}

	@Test
	void keepsTheServicesOwnAnswersAsTheyAre() throws Exception {
		services.catalog.stubFor(any(urlPathMatching("/api/products/1"))
			.willReturn(aResponse().withStatus(400).withHeader("Content-Length", "0")));

		HttpResponse<String> response = send(request("/api/products/1").GET());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEmpty();
	}

	private HttpRequest.Builder order() {
		return request("/api/orders").header("Idempotency-Key", "key-1").header("Content-Type", "application/json");
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.build(), BodyHandlers.ofString());
	}

	/** Writes {@code request} as it is to the gateway and reads its answer to the end. */
	private String raw(String request) throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"type\":\"" + PROBLEMS + type + "\"", "\"status\":" + status)
			.doesNotContain("Exception", "java.", "org.springframework", "reactor.", "trace", "<script", "Injected");
	}

}
