package com.example.shop.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-client token bucket, with a small bucket (burst 5, 1 request/s) so one test can
 * empty it: the client over its limit gets 429 problems with Retry-After, while another
 * client still passes.
 */
// A generous client timeout: the first calls of a context are slow on a busy machine.
@AutoConfigureWebTestClient(timeout = "20s")
// Each class has its own services; its gateway (and its health checks) stop with it.
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shop.gateway.rate-limit.burst=5", "shop.gateway.rate-limit.requests-per-second=1" })
class RateLimitTests {

	@RegisterExtension
	static final ShopServices services = new ShopServices();

	private static final WireMockServer catalog = services.catalog;

	private static final int BURST = 5;

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@BeforeEach
	void answerProducts() {
		catalog.stubFor(get(urlPathMatching("/api/products.*")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"content\":[]}")));
	}

	@Test
	void limitsOneApiKeyWhileAnotherStillPasses() {
		int passed = sendUntilLimited("X-API-Key", "greedy");
		assertThat(passed).isBetween(BURST, BURST + 2);

		this.client.get()
			.uri("/api/products")
			.header("X-API-Key", "greedy")
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value("Retry-After", (seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2))
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://shop.example.com/problems/too-many-requests")
			.jsonPath("$.status")
			.isEqualTo(429);

		this.client.get()
			.uri("/api/products")
			.header("X-API-Key", "modest")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-RateLimit-Remaining", String.valueOf(BURST - 1));
	}

	@Test
	void limitsAClientWithoutApiKeyByItsAddress() {
		int passed = sendUntilLimited("X-Other", "anything");

		assertThat(passed).isBetween(BURST, BURST + 2);
		assertThat(ShopServices.apiRequests(catalog)).isEqualTo(passed);
	}

	private int sendUntilLimited(String header, String value) {
		for (int sent = 0; sent < 20; sent++) {
			EntityExchangeResult<byte[]> result = this.client.get()
				.uri("/api/products")
				.header(header, value)
				.exchange()
				.expectBody()
				.returnResult();
			if (result.getStatus().value() == 429) {
				return sent;
			}
			assertThat(result.getStatus().value()).isEqualTo(200);
		}
		throw new AssertionError("never limited");
	}

}
